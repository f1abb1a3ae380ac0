import type Telnyx from 'telnyx';
import type { SendResult } from '@switchboard/contracts';
import { ErrorClasses, ProviderError } from '../provider-error';
import type { CallLookup, OutboundCall, VoiceProvider } from '../voice-provider';
import { CALL_PROGRESS_EVENTS, callInstructions } from '../voice/voice-twiml';
import { telnyxProviderError } from './telnyx-api-error';

/** `date_created` has whole seconds: a call made within this of `since` still counts. */
const CLOCK_SKEW_MS = 1_000;

/** Where TeXML calls are placed from. */
export interface TelnyxVoiceOptions {
  /** The account the TeXML Calls API is addressed to (`/texml/Accounts/{account_sid}/Calls`). */
  accountSid: string;
  /** The TeXML application (connection) calls are placed from. */
  applicationSid?: string;
}

/**
 * Calls through Telnyx's TeXML API with the official `telnyx` SDK
 * (`texml.accounts.calls.calls`). TeXML runs the same TwiML as Twilio, so both providers get the
 * same instructions (`callInstructions`), the same progress events and the same
 * answering-machine detection; that is why TeXML was chosen over Call Control, which would need
 * our webhook to drive every call step by step.
 *
 * Telnyx answers with the call's `call_sid`. An answer without one is a permanent failure:
 * the call may well be ringing, and a retry or another provider would place it twice.
 *
 * @example const voice = createTelnyxVoiceProvider(createTelnyxClient({ apiKey }), { accountSid });
 */
export function createTelnyxVoiceProvider(
  client: Telnyx,
  options: TelnyxVoiceOptions,
): VoiceProvider {
  const application = options.applicationSid ? { ApplicationSid: options.applicationSid } : {};

  return {
    name: 'telnyx',
    async send(call: OutboundCall): Promise<SendResult> {
      const instructions = callInstructions(call, 'telnyx');
      const common = {
        ...application,
        From: call.from,
        To: call.to,
        ...(call.statusCallbackUrl
          ? {
              StatusCallback: call.statusCallbackUrl,
              StatusCallbackMethod: 'POST' as const,
              StatusCallbackEvent: CALL_PROGRESS_EVENTS.join(' '),
            }
          : {}),
        ...(call.voicemail ? { MachineDetection: 'DetectMessageEnd' as const } : {}),
      };
      let answer: unknown;
      try {
        answer = await client.texml.accounts.calls.calls(options.accountSid, {
          body:
            'twiml' in instructions
              ? { ...common, Texml: instructions.twiml }
              : { ...common, Url: instructions.url, UrlMethod: 'POST' },
        });
      } catch (err) {
        throw telnyxProviderError(err);
      }
      // The SDK's type of this answer omits the call's id, which the API sends.
      const { call_sid: sid, status } = (answer ?? {}) as { call_sid?: string; status?: string };
      if (!sid) {
        throw new ProviderError(
          'telnyx',
          ErrorClasses.permanent,
          'Telnyx accepted the call without a call_sid',
          { code: 'call_sid_missing' },
        );
      }
      return { provider: 'telnyx', providerMessageId: sid, providerStatus: status ?? 'queued' };
    },
    async findSent(lookup: CallLookup): Promise<SendResult[]> {
      let page;
      try {
        page = await client.texml.accounts.calls.retrieveCalls(options.accountSid, {
          To: lookup.to,
          From: lookup.from,
          PageSize: 50,
        });
      } catch (err) {
        throw telnyxProviderError(err);
      }
      return (page.calls ?? []).flatMap((c) => {
        const created = Date.parse(c.date_created ?? '');
        const recent = created >= lookup.since.getTime() - CLOCK_SKEW_MS;
        return c.sid && recent
          ? [{ provider: 'telnyx', providerMessageId: c.sid, providerStatus: c.status ?? 'queued' }]
          : [];
      });
    },
  };
}
