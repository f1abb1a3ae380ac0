import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
} from '@switchboard/providers';
import type { MessageStore } from './message-store';
import { newSendGridEventId, sendGridEventMessageId } from './provider-ids';
import type { SandboxMessage } from './sandbox-message';
import type { WebhookSender } from './webhook-sender';

import { EVENTS_OF_OUTCOME, type EmailOutcomes, type SendGridEventName } from './email-outcomes';

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

/** What SendGrid adds to an event of each kind: the receiving server's reply, why it failed. */
function detailsOf(event: SendGridEventName, outcome: string): Record<string, unknown> {
  switch (event) {
    case 'delivered':
      return { response: '250 OK', tls: 1, ip: '127.0.0.1' };
    case 'bounce':
      return outcome === 'blocked'
        ? { type: 'blocked', status: '4.7.1', reason: '421 4.7.1 Try again later' }
        : { type: 'bounce', status: '5.1.1', reason: '550 5.1.1 The email account does not exist' };
    case 'dropped':
      return { reason: 'Bounced Address' };
    default:
      return {};
  }
}

/**
 * The batch SendGrid posts for one step of a send: one event per recipient (of `only`, when
 * given: the indexes of the recipients this step reports on).
 */
export function sendGridEvents(
  send: SendGridSend,
  event: SendGridEventName,
  now: Date,
  only?: ReadonlySet<number>,
  outcomeOf: (to: string) => string = () => 'deliver',
): SendGridEvent[] {
  const timestamp = Math.floor(now.getTime() / 1000);
  // SendGrid sends one category as a string and several as an array.
  const category =
    send.categories.length === 0
      ? {}
      : { category: send.categories.length === 1 ? send.categories[0] : [...send.categories] };
  return send.recipients.flatMap((recipient, index) =>
    only && !only.has(index)
      ? []
      : [
          {
            // Custom args first: SendGrid's own keys win a clash.
            ...recipient.custom_args,
            ...category,
            email: recipient.to,
            timestamp,
            'smtp-id': `<${send.messageId}@ismtpd0001p1mdw1.sendgrid.net>`,
            event,
            sg_event_id: newSendGridEventId(),
            sg_message_id: sendGridEventMessageId(send.messageId, index),
            ...detailsOf(event, outcomeOf(recipient.to)),
          },
        ],
  );
}

export interface SendGridEventWebhook {
  /**
   * Posts each recipient's events: `processed`, then `delivered` — or what its outcome says
   * (`/sandbox/email-outcomes`).
   */
  schedule(send: SendGridSend): void;
}

export interface SendGridEventWebhookDeps {
  sender: WebhookSender;
  store: MessageStore;
  url: string;
  /** Base64 DER PKCS#8 ECDSA key the batches are signed with. */
  privateKey: string;
  delayMs: number;
  /** Per-recipient outcomes (a bounce, a complaint, …); every mail is delivered without. */
  outcomes?: EmailOutcomes;
}

/**
 * SendGrid's signed Event Webhook: JSON batches signed with ECDSA over timestamp + raw body,
 * retried on failure, each attempt noted on every recipient's stored record.
 *
 * @example createSendGridEventWebhook({ sender, store, url, privateKey, delayMs: 50 }).schedule(send);
 */
export function createSendGridEventWebhook(deps: SendGridEventWebhookDeps): SendGridEventWebhook {
  const { sender, store, url, privateKey, delayMs, outcomes } = deps;
  const outcomeOf = (to: string) => outcomes?.of(to) ?? 'deliver';

  return {
    schedule(send) {
      if (send.recipients.length === 0) return;
      sender.run(async () => {
        // Each recipient's events in order; one batch per step for the recipients it reports on.
        const sequences = send.recipients.map((r) => EVENTS_OF_OUTCOME[outcomeOf(r.to)]);
        const steps = Math.max(...sequences.map((s) => s.length));
        for (let step = 0; step < steps; step += 1) {
          await sender.wait(delayMs);
          const now = new Date();
          const byEvent = new Map<SendGridEventName, Set<number>>();
          sequences.forEach((sequence, index) => {
            const event = sequence[step];
            if (event) byEvent.set(event, (byEvent.get(event) ?? new Set()).add(index));
          });
          for (const [event, only] of byEvent) {
            const body = JSON.stringify(sendGridEvents(send, event, now, only, outcomeOf));
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
        }
      });
    },
  };
}
