import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { ErrorClasses, ProviderError } from '../provider-error';
import type { OnHuman, OutboundCall, VoiceContent } from '../voice-provider';

/** Twilio (32018) and TeXML refuse inline instructions longer than this. */
export const MAX_INLINE_TWIML_CHARS = 4000;

/** Every progress event, so each status is kept as an event of the message. */
export const CALL_PROGRESS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/**
 * Whether detection heard a machine: `machine_start`, or `machine_end_beep` / `_silence` /
 * `_other` with `DetectMessageEnd`. `human`, `fax` and `unknown` are not.
 */
export function isMachineAnswer(answeredBy: string | undefined): boolean {
  return answeredBy?.startsWith('machine') ?? false;
}

/**
 * The TwiML (TeXML reads it as well) of a call: the content said or played. For a voicemail
 * drop that hangs up on people, the answer's detection result decides: a machine gets the
 * content (after its beep, since the instructions are asked for once detection ended), anyone
 * else (a person, a fax, an undecided result) a hang-up.
 *
 * @example voiceTwiml({ kind: 'speech', text: 'Your table is ready' })
 * // '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Your table is ready</Say></Response>'
 */
export function voiceTwiml(
  content: VoiceContent,
  options: { answeredBy?: string; onHuman?: OnHuman } = {},
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (options.onHuman === 'hangup' && !isMachineAnswer(options.answeredBy)) {
    response.hangup();
  } else if (content.kind === 'speech') {
    const attributes: VoiceResponse.SayAttributes = {
      // The contracts validate voices and languages; the SDK's unions lag the providers' lists.
      ...(content.voice ? { voice: content.voice as VoiceResponse.SayAttributes['voice'] } : {}),
      ...(content.language
        ? { language: content.language as VoiceResponse.SayAttributes['language'] }
        : {}),
    };
    response.say(attributes, content.text);
  } else {
    response.play(content.url);
  }
  return response.toString();
}

/** Where a provider gets a call's instructions: inline, or from our instructions URL. */
export type CallInstructions = { twiml: string } | { url: string };

/**
 * How a call's instructions reach the provider. Inline TwiML cannot depend on who answered, so
 * a voicemail drop that hangs up on people is served from `instructionsUrl`, which the provider
 * asks with `AnsweredBy` once synchronous detection (`DetectMessageEnd`) ended; so are
 * instructions longer than the inline limit. Without the URL such a call is refused, permanently:
 * no retry or other provider could place it.
 */
export function callInstructions(call: OutboundCall, provider: string): CallInstructions {
  if (call.instructionsUrl) return { url: call.instructionsUrl };
  if (call.voicemail?.onHuman === 'hangup') {
    throw new ProviderError(
      provider,
      ErrorClasses.permanent,
      'A voicemail drop that hangs up on people needs an instructions URL',
      { code: 'instructions_url_required' },
    );
  }
  const twiml = voiceTwiml(call.content);
  if (twiml.length > MAX_INLINE_TWIML_CHARS) {
    throw new ProviderError(
      provider,
      ErrorClasses.permanent,
      `The call's instructions exceed ${MAX_INLINE_TWIML_CHARS} characters; serve them from an instructions URL`,
      { code: 'instructions_too_long' },
    );
  }
  return { twiml };
}
