import type { SendResult } from '@switchboard/contracts';
import type { CallLookup, OutboundCall, VoiceProvider } from '../voice-provider';
import { CALL_PROGRESS_EVENTS, callInstructions } from '../voice/voice-twiml';
import type { TwilioClient } from './twilio-client';
import { twilioProviderError } from './twilio-rest-error';

/**
 * Twilio codes of a call no retry or other provider can place: invalid, unreachable, blocked or
 * unverified numbers, invalid instruction URLs, instructions too long.
 */
const PERMANENT_CALL_CODES = new Set([
  13223, 13224, 21201, 21205, 21210, 21211, 21212, 21213, 21214, 21215, 21216, 21217, 32018,
]);

/** Twilio's `date_created` has whole seconds: a call made within this of `since` still counts. */
const CLOCK_SKEW_MS = 1_000;

/**
 * Calls through Twilio Programmable Voice with the official `twilio` SDK (`calls.create`).
 * Speech is `<Say>`, audio `<Play>`; every progress event goes to the status callback. A
 * voicemail drop runs synchronous answering-machine detection (`DetectMessageEnd`), so its
 * instructions start after the greeting's beep. What a person who answers it gets depends on
 * `AnsweredBy`, which inline TwiML cannot read: to hang up on people the call's instructions come
 * from `instructionsUrl`, which Twilio asks with `AnsweredBy` once detection ended (see
 * `callInstructions`). Asynchronous detection was the other way: it starts the content at once,
 * over the greeting, and hangs up on a person only after they heard some of it.
 *
 * @example const voice = createTwilioVoiceProvider(createTwilioClient({ accountSid, authToken }));
 */
export function createTwilioVoiceProvider(client: TwilioClient): VoiceProvider {
  return {
    name: 'twilio',
    async send(call: OutboundCall): Promise<SendResult> {
      const instructions = callInstructions(call, 'twilio');
      try {
        const created = await client.calls.create({
          from: call.from,
          to: call.to,
          ...('twiml' in instructions
            ? { twiml: instructions.twiml }
            : { url: instructions.url, method: 'POST' }),
          ...(call.statusCallbackUrl
            ? {
                statusCallback: call.statusCallbackUrl,
                statusCallbackMethod: 'POST',
                statusCallbackEvent: [...CALL_PROGRESS_EVENTS],
              }
            : {}),
          ...(call.voicemail ? { machineDetection: 'DetectMessageEnd' } : {}),
        });
        return {
          provider: 'twilio',
          providerMessageId: created.sid,
          providerStatus: created.status,
        };
      } catch (err) {
        throw twilioProviderError(err, PERMANENT_CALL_CODES);
      }
    },
    async findSent(lookup: CallLookup): Promise<SendResult[]> {
      try {
        const recent = await client.calls.list({ to: lookup.to, from: lookup.from, limit: 50 });
        return recent
          .filter((c) => c.dateCreated.getTime() >= lookup.since.getTime() - CLOCK_SKEW_MS)
          .map((c) => ({ provider: 'twilio', providerMessageId: c.sid, providerStatus: c.status }));
      } catch (err) {
        throw twilioProviderError(err, PERMANENT_CALL_CODES);
      }
    },
  };
}
