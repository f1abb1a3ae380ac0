import type { SendResult } from '@switchboard/contracts';
import type { OutboundSms, SentLookup, SmsProvider } from '../provider';
import type { TwilioClient } from './twilio-client';
import { twilioProviderError } from './twilio-rest-error';

/** Twilio error codes that no retry or other provider can fix. */
const PERMANENT_TWILIO_CODES = new Set([
  21211, 21212, 21408, 21610, 21612, 21614, 21617, 30003, 30004, 30005, 30006, 30007,
]);

/**
 * SMS and MMS through the official `twilio` SDK's Messages API.
 *
 * @example const twilioSms = createTwilioSmsProvider(createTwilioClient({ accountSid, authToken }));
 */
export function createTwilioSmsProvider(client: TwilioClient): SmsProvider {
  return {
    name: 'twilio',
    async send(message: OutboundSms): Promise<SendResult> {
      try {
        const created = await client.messages.create({
          from: message.from,
          to: message.to,
          ...(message.body ? { body: message.body } : {}),
          ...(message.mediaUrls.length ? { mediaUrl: [...message.mediaUrls] } : {}),
          ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
        });
        return {
          provider: 'twilio',
          providerMessageId: created.sid,
          providerStatus: created.status,
        };
      } catch (err) {
        throw twilioProviderError(err, PERMANENT_TWILIO_CODES);
      }
    },
    async findSent(lookup: SentLookup): Promise<SendResult[]> {
      try {
        const recent = await client.messages.list({ to: lookup.to, from: lookup.from, limit: 50 });
        return recent
          .filter(
            (m) =>
              (m.body ?? '') === lookup.body &&
              m.dateCreated.getTime() >= lookup.since.getTime() - 1_000,
          )
          .map((m) => ({ provider: 'twilio', providerMessageId: m.sid, providerStatus: m.status }));
      } catch (err) {
        throw twilioProviderError(err, PERMANENT_TWILIO_CODES);
      }
    },
  };
}
