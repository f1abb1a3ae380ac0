/** Longer than any address (RFC 5321: 320 characters with an @): not masked, hidden. */
const ADDRESS_MAX = 320;

/** Masks a phone number or email address so logs can correlate without exposing it. */
export function maskAddress(value: unknown): unknown {
  if (typeof value === 'number') return maskAddress(String(value));
  if (typeof value !== 'string') return value;
  if (value.length > ADDRESS_MAX) return '***';
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const digits = value.replace(/[^\d+]/g, '');
  if (digits.length >= 8) return `${digits.slice(0, 5)}***${digits.slice(-4)}`;
  return '***';
}

/** Fields whose values are masked (addresses) wherever they appear in a log object. */
export const MASKED_KEYS = [
  'from',
  'to',
  'From',
  'To',
  'participant',
  'address',
  'recipient',
  'from_addr',
  'to_addr',
  'participant_a',
  'participant_b',
  'participants',
  'email',
  'phone',
] as const;
/** Fields removed outright: contents and secrets. */
export const REMOVED_KEYS = [
  'body',
  'Body',
  'text',
  'html',
  'subject',
  'attachments',
  'media',
  'MediaUrl0',
  'password',
  'token',
  'apiKey',
  'api_key',
  'authToken',
  'secret',
  'MediaUrl1',
  'MediaUrl2',
  'MediaUrl3',
  'MediaUrl4',
  'MediaUrl5',
  'MediaUrl6',
  'MediaUrl7',
  'MediaUrl8',
  'MediaUrl9',
  'content',
  'payload',
  'metadata',
  'preview',
  'last_message_preview',
  'query',
  'hash',
  'jwt',
  'signature',
  'credentials',
  'authorization',
  'Authorization',
  'x-api-key',
  'secretKey',
  'SECRET_KEY',
  'JWT_SECRET',
  'TWILIO_AUTH_TOKEN',
  'SENDGRID_API_KEY',
  'TELNYX_API_KEY',
  'INBOUND_PARSE_SECRET',
  'COMPAT_WEBHOOK_SECRET',
  'UNSUBSCRIBE_SECRET',
  'access_token',
  'refresh_token',
  'client_secret',
] as const;
/** Request headers that carry credentials: never logged, never copied into traces. */
export const SECRET_HEADERS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'x-api-key',
  'X-API-Key',
  'x-twilio-signature',
  'X-Twilio-Signature',
  'x-twilio-email-event-webhook-signature',
  'X-Twilio-Email-Event-Webhook-Signature',
  'proxy-authorization',
  'set-cookie',
  'telnyx-signature-ed25519',
] as const;

const MASKED = new Set<string>(MASKED_KEYS);
const REMOVED = new Set<string>(
  [...REMOVED_KEYS, ...SECRET_HEADERS].map((key) => key.toLowerCase()),
);
const REDACTED = '[redacted]';
/** Deeper than any log object we write; beyond it values are dropped rather than walked. */
const MAX_DEPTH = 8;

/**
 * The most of one text that is logged: an error or message quoting a whole body must not make
 * a megabyte log line, and redaction then reads a bounded text.
 */
export const LOGGED_TEXT_MAX_CHARS = 16 * 1024;

/**
 * `text` cut to {@link LOGGED_TEXT_MAX_CHARS}, saying how much was left out. The cut goes back to
 * the last white space before it (within an address's length), so the start of an address is
 * not left behind where the patterns would no longer recognise it as one.
 */
function bounded(text: string): string {
  if (text.length <= LOGGED_TEXT_MAX_CHARS) return text;
  let end = LOGGED_TEXT_MAX_CHARS;
  while (end > LOGGED_TEXT_MAX_CHARS - ADDRESS_MAX && !WHITE_SPACE.has(text[end - 1]!)) end -= 1;
  return `${text.slice(0, end)}…[${text.length - end} characters cut]`;
}
const WHITE_SPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Text that may quote user data — error messages and stacks (a database error quoting the row,
 * a provider refusing a number), log messages — with addresses masked and credentials hidden,
 * cut to {@link LOGGED_TEXT_MAX_CHARS}. Every pattern starts only where its run of characters
 * starts (a lookbehind refuses the middle of a run), so each is one linear pass.
 *
 * @example scrubText('duplicate key (participant_a)=(+15551234567)') // '… (+1555***4567)'
 */
export function scrubText(text: string): string {
  return (
    bounded(text)
      // Credentials in URLs, schemes and our own key format.
      .replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]*@/gi, '$1[redacted]@')
      .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
      .replace(/\b(sb_live_[0-9a-f]{12})_[A-Za-z0-9_-]+/g, '$1_[redacted]')
      .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]')
      // Addresses: email, E.164 (possibly formatted), and bare runs of 10–15 digits.
      .replace(/(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, (m) =>
        String(maskAddress(m)),
      )
      .replace(/\+\d[\d ().-]{6,}\d/g, (m) => String(maskAddress(m)))
      .replace(/(?<![\w.:-])\d{10,15}(?![\w.:-])/g, (m) => String(maskAddress(m)))
  );
}

function errorObject(err: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  for (const [key, value] of Object.entries(err)) out[key] = value;
  if (err.cause !== undefined) out['cause'] = err.cause;
  return out;
}

/**
 * A copy of a log object with PII and secrets out at ANY depth: address fields masked, content
 * and credential fields (and secret headers) replaced by `[redacted]`, the text of errors
 * scrubbed and every text cut to {@link LOGGED_TEXT_MAX_CHARS}. The input is not changed.
 */
export function redactLogObject(value: unknown, depth = 0, inError = false): unknown {
  if (typeof value === 'string') return inError ? scrubText(value) : bounded(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (value instanceof Error) return redactLogObject(errorObject(value), depth + 1, true);
  if (Array.isArray(value)) return value.map((item) => redactLogObject(item, depth + 1, inError));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (REMOVED.has(key.toLowerCase())) out[key] = REDACTED;
    else if (MASKED.has(key))
      out[key] = Array.isArray(child) ? child.map(maskAddress) : maskAddress(child);
    else out[key] = redactLogObject(child, depth + 1, inError || key === 'err' || key === 'error');
  }
  return out;
}
