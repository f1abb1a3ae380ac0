import { randomUUID } from 'node:crypto';
import { signTwilioRequest } from '@switchboard/providers';
import type { MessageStore } from './message-store';
import type { SandboxMessage } from './sandbox-message';
import { TWILIO_API_VERSION } from './twilio-message';
import type { WebhookSender } from './webhook-sender';

/** One status Twilio reports about a message, with the error it carries when it failed. */
export interface TwilioStatusStep {
  status: 'sent' | 'delivered' | 'undelivered' | 'failed';
  error?: { code: number; message: string };
}

const DELIVERED: readonly TwilioStatusStep[] = [{ status: 'sent' }, { status: 'delivered' }];

/**
 * Recipients whose delivery fails, so the failure paths can be exercised end to end: the last
 * four digits spell the carrier error Twilio reports (`+15005553003` → 30003).
 */
const FAILING_RECIPIENTS: Readonly<Record<string, readonly TwilioStatusStep[]>> = {
  '+15005553003': [
    { status: 'sent' },
    { status: 'undelivered', error: { code: 30003, message: 'Unreachable destination handset' } },
  ],
  '+15005553005': [
    { status: 'sent' },
    { status: 'undelivered', error: { code: 30005, message: 'Unknown destination handset' } },
  ],
  '+15005553007': [
    { status: 'sent' },
    { status: 'undelivered', error: { code: 30007, message: 'Message filtered' } },
  ],
  '+15005553008': [{ status: 'failed', error: { code: 30008, message: 'Unknown error' } }],
};

/** The statuses Twilio would report, in order, for a message to `to`. */
export function twilioStatusSteps(to: string): readonly TwilioStatusStep[] {
  return FAILING_RECIPIENTS[to] ?? DELIVERED;
}

/** The form Twilio posts to a `StatusCallback`, with Twilio's own field names. */
export function twilioStatusCallbackParams(
  message: SandboxMessage,
  accountSid: string,
  step: TwilioStatusStep,
): Record<string, string> {
  return {
    MessageSid: message.provider_message_id,
    SmsSid: message.provider_message_id,
    AccountSid: accountSid,
    From: message.from,
    To: message.to,
    MessageStatus: step.status,
    SmsStatus: step.status,
    ApiVersion: TWILIO_API_VERSION,
    ...(step.error ? { ErrorCode: String(step.error.code), ErrorMessage: step.error.message } : {}),
  };
}

export interface TwilioStatusCallbacks {
  /**
   * Reports `sent`, then `delivered` (or the recipient's failure), to the message's
   * StatusCallback; or the given steps instead (an MMS whose media could not be fetched).
   */
  schedule(message: SandboxMessage, steps?: readonly TwilioStatusStep[]): void;
}

export interface TwilioStatusCallbacksDeps {
  sender: WebhookSender;
  store: MessageStore;
  accountSid: string;
  authToken: string;
  /** Pause before each step. */
  delayMs: number;
}

/**
 * Twilio's status callbacks: each step posted form-encoded and signed with `X-Twilio-Signature`
 * over the callback URL, retried on failure, and every attempt noted on the stored message.
 *
 * @example createTwilioStatusCallbacks({ sender, store, accountSid, authToken, delayMs: 50 }).schedule(stored);
 */
export function createTwilioStatusCallbacks(
  deps: TwilioStatusCallbacksDeps,
): TwilioStatusCallbacks {
  const { sender, store, accountSid, authToken, delayMs } = deps;

  return {
    schedule(message, steps = twilioStatusSteps(message.to)) {
      const url = message.status_callback;
      if (!url) return;
      const sid = message.provider_message_id;
      // Each step after the one before it ended (delivered or given up on), after a pause.
      const report = (index: number) => {
        const step = steps[index];
        if (!step) return;
        sender.deliver(
          () => {
            const params = twilioStatusCallbackParams(message, accountSid, step);
            return {
              url,
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'x-twilio-signature': signTwilioRequest(authToken, url, params),
                // The same token on every retry of one callback, as Twilio sends it.
                'i-twilio-idempotency-token': randomUUID(),
                'user-agent': 'TwilioProxy/1.1',
              },
              body: new URLSearchParams(params).toString(),
            };
          },
          {
            delayMs,
            logContext: { provider: 'twilio', provider_message_id: sid, status: step.status },
            onAttempt: (outcome) =>
              store.addCallbackAttempt('twilio', sid, {
                status: step.status,
                attempt: outcome.attempt,
                http_status: outcome.httpStatus,
                error: outcome.error,
                at: outcome.at,
              }),
            then: () => report(index + 1),
          },
        );
      };
      report(0);
    },
  };
}
