import { randomBytes, randomUUID } from 'node:crypto';

/** A Twilio Message sid: `SM` and 32 lowercase hex digits. */
export function newTwilioMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** A Telnyx message id: a UUID. */
export function newTelnyxMessageId(): string {
  return randomUUID();
}

/** A SendGrid `X-Message-Id`: 22 URL-safe base64 characters (16 random bytes). */
export function newSendGridMessageId(): string {
  return randomBytes(16).toString('base64url');
}

/** A SendGrid `sg_event_id`: unique per event, 22 URL-safe base64 characters. */
export function newSendGridEventId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The `sg_message_id` of an event: the request's `X-Message-Id`, then the id SendGrid's
 * filter servers give each recipient's copy (`<X-Message-Id>.filterdrecv-…`).
 */
export function sendGridEventMessageId(messageId: string, recipientIndex: number): string {
  return `${messageId}.filterdrecv-sandbox-${randomBytes(4).toString('hex').toUpperCase()}-${recipientIndex}.0`;
}

/** An RFC 5322 Message-ID for mail the sandbox makes up (Inbound Parse), brackets included. */
export function newEmailMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}
