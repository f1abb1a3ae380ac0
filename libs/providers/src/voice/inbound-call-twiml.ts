import twilio from 'twilio';

/** What a caller hears when the number has no greeting of its own. */
export const DEFAULT_VOICE_GREETING =
  'Hello. Nobody can take your call right now. Please leave a message after the tone.';

/** What a caller to a number nobody uses hears before the call ends. */
export const UNCLAIMED_NUMBER_MESSAGE =
  'Sorry, this number is not taking calls. Thank you for calling. Goodbye.';

/** The longest voicemail taken, in seconds: Twilio transcribes recordings up to two minutes. */
export const VOICEMAIL_MAX_SECONDS = 120;

/** Where Twilio reports on the voicemail it records: absolute URLs under our webhook base. */
export interface VoicemailCallbacks {
  /** The `<Record>` verb's `action`: asked once the caller stopped speaking. */
  action: string;
  recordingStatusCallback: string;
  transcribeCallback: string;
}

/**
 * The answer to a call to one of our numbers that takes voicemail: the greeting, then a
 * transcribed `<Record>`. The `action`'s answer ends the call, so a caller who stays on the line
 * hears no greeting twice.
 *
 * @example voicemailTwiml('You reached Acme.', { action, recordingStatusCallback, transcribeCallback })
 */
export function voicemailTwiml(greeting: string, callbacks: VoicemailCallbacks): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({}, greeting);
  response.record({
    action: callbacks.action,
    method: 'POST',
    maxLength: VOICEMAIL_MAX_SECONDS,
    playBeep: true,
    transcribe: true,
    transcribeCallback: callbacks.transcribeCallback,
    recordingStatusCallback: callbacks.recordingStatusCallback,
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed'],
  });
  return response.toString();
}

/**
 * The answer to a call to a number whose tenant forwards its calls: the call is connected to
 * `forwardTo`, showing the original caller when the provider allows it.
 *
 * @example forwardCallTwiml('+15550001111')
 */
export function forwardCallTwiml(forwardTo: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.dial({}, forwardTo);
  return response.toString();
}

/** A polite refusal: the number is not in use, so nothing is recorded. */
export function unclaimedNumberTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({}, UNCLAIMED_NUMBER_MESSAGE);
  response.hangup();
  return response.toString();
}

/** The `<Record>` action's answer: the message is taken; the call ends. */
export function voicemailTakenTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({}, 'Thank you. Goodbye.');
  response.hangup();
  return response.toString();
}
