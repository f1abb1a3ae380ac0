import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
} from '@switchboard/providers';
import type { MessageStore } from './message-store';
import { newSendGridEventId, sendGridEventMessageId } from './provider-ids';
import type { SandboxMessage } from './sandbox-message';
import type { WebhookSender } from './webhook-sender';

/** The events the sandbox reports for every recipient, in order. */
export const SENDGRID_EVENT_SEQUENCE = ['processed', 'delivered'] as const;
export type SendGridEventName = (typeof SENDGRID_EVENT_SEQUENCE)[number];

/** One accepted `mail/send` request: its `X-Message-Id` and a stored record per recipient. */
export interface SendGridSend {
  messageId: string;
  recipients: readonly SandboxMessage[];
  categories: readonly string[];
}

/** An Event Webhook event: SendGrid's fixed keys, with the mail's custom args spread beside them. */
export type SendGridEvent = Record<string, unknown> & {
  email: string;
  timestamp: number;
  'smtp-id': string;
  event: SendGridEventName;
  sg_event_id: string;
  sg_message_id: string;
};

/** The batch SendGrid posts for one step of a send: one event per recipient. */
export function sendGridEvents(
  send: SendGridSend,
  event: SendGridEventName,
  now: Date,
): SendGridEvent[] {
  const timestamp = Math.floor(now.getTime() / 1000);
  // SendGrid sends one category as a string and several as an array.
  const category =
    send.categories.length === 0
      ? {}
      : { category: send.categories.length === 1 ? send.categories[0] : [...send.categories] };
  return send.recipients.map((recipient, index) => ({
    // Custom args first: SendGrid's own keys win a clash.
    ...recipient.custom_args,
    ...category,
    email: recipient.to,
    timestamp,
    'smtp-id': `<${send.messageId}@ismtpd0001p1mdw1.sendgrid.net>`,
    event,
    sg_event_id: newSendGridEventId(),
    sg_message_id: sendGridEventMessageId(send.messageId, index),
    ...(event === 'delivered' ? { response: '250 OK', tls: 1, ip: '127.0.0.1' } : {}),
  }));
}

export interface SendGridEventWebhook {
  /** Posts `processed`, then `delivered`, for every recipient of the send. */
  schedule(send: SendGridSend): void;
}

export interface SendGridEventWebhookDeps {
  sender: WebhookSender;
  store: MessageStore;
  url: string;
  /** Base64 DER PKCS#8 ECDSA key the batches are signed with. */
  privateKey: string;
  delayMs: number;
}

/**
 * SendGrid's signed Event Webhook: JSON batches signed with ECDSA over timestamp + raw body,
 * retried on failure, each attempt noted on every recipient's stored record.
 *
 * @example createSendGridEventWebhook({ sender, store, url, privateKey, delayMs: 50 }).schedule(send);
 */
export function createSendGridEventWebhook(deps: SendGridEventWebhookDeps): SendGridEventWebhook {
  const { sender, store, url, privateKey, delayMs } = deps;

  return {
    schedule(send) {
      if (send.recipients.length === 0) return;
      sender.run(async () => {
        for (const event of SENDGRID_EVENT_SEQUENCE) {
          await sender.wait(delayMs);
          const now = new Date();
          const body = JSON.stringify(sendGridEvents(send, event, now));
          const timestamp = String(Math.floor(now.getTime() / 1000));
          await sender.post(
            {
              url,
              headers: {
                'content-type': 'application/json',
                'user-agent': 'SendGrid Event API',
                [SENDGRID_SIGNATURE_HEADER]: signSendGridPayload(privateKey, body, timestamp),
                [SENDGRID_TIMESTAMP_HEADER]: timestamp,
              },
              body,
            },
            {
              logContext: { provider: 'sendgrid', provider_message_id: send.messageId, event },
              onAttempt: (outcome) =>
                store.addCallbackAttempt('sendgrid', send.messageId, {
                  status: event,
                  attempt: outcome.attempt,
                  http_status: outcome.httpStatus,
                  error: outcome.error,
                  at: outcome.at,
                }),
            },
          );
        }
      });
    },
  };
}
