import { randomBytes } from 'node:crypto';

/** A Twilio Message sid: `SM` and 32 lowercase hex digits. */
export function newTwilioMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** A SendGrid `X-Message-Id`: 22 URL-safe base64 characters (16 random bytes). */
export function newSendGridMessageId(): string {
  return randomBytes(16).toString('base64url');
}
