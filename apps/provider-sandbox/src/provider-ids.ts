import { randomFillSync, randomUUID } from 'node:crypto';

/** Random bytes, drawn 4 KB at a time: the sandbox makes ids thousands a second. */
const pool = Buffer.alloc(4096);
let drawn = pool.length;

/** `size` fresh random bytes as `encoding` text. */
function randomText(size: number, encoding: 'hex' | 'base64url'): string {
  if (drawn + size > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  const text = pool.toString(encoding, drawn, drawn + size);
  drawn += size;
  return text;
}

/** A Twilio Message sid: `SM` and 32 lowercase hex digits. */
export function newTwilioMessageSid(): string {
  return `SM${randomText(16, 'hex')}`;
}

/** A Telnyx message id: a UUID. */
export function newTelnyxMessageId(): string {
  return randomUUID();
}

/** A SendGrid `X-Message-Id`: 22 URL-safe base64 characters (16 random bytes). */
export function newSendGridMessageId(): string {
  return randomText(16, 'base64url');
}

/** A SendGrid `sg_event_id`: unique per event, 22 URL-safe base64 characters. */
export function newSendGridEventId(): string {
  return randomText(16, 'base64url');
}

/**
 * The `sg_message_id` of an event: the request's `X-Message-Id`, then the id SendGrid's
 * filter servers give each recipient's copy (`<X-Message-Id>.filterdrecv-…`).
 */
export function sendGridEventMessageId(messageId: string, recipientIndex: number): string {
  return `${messageId}.filterdrecv-sandbox-${randomText(4, 'hex').toUpperCase()}-${recipientIndex}.0`;
}

/** An RFC 5322 Message-ID for mail the sandbox makes up (Inbound Parse), brackets included. */
export function newEmailMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}
