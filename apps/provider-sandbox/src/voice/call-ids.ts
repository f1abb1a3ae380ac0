import { randomBytes } from 'node:crypto';

const twilioSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** A Twilio Call sid: `CA` and 32 lowercase hex digits. */
export const newTwilioCallSid = () => twilioSid('CA');
/** A Twilio Recording sid: `RE` and 32 lowercase hex digits. */
export const newTwilioRecordingSid = () => twilioSid('RE');
/** A Twilio Transcription sid: `TR` and 32 lowercase hex digits. */
export const newTwilioTranscriptionSid = () => twilioSid('TR');

/** A Telnyx TeXML call sid, as Telnyx shows them: `v3:` and 40 URL-safe base64 characters. */
export const newTelnyxCallSid = () => `v3:${randomBytes(30).toString('base64url')}`;
/** A Telnyx recording or transcription id: a UUID-shaped hex string. */
export const newTelnyxResourceId = () => {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
