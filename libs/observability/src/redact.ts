/** Masks a phone number or email address so logs can correlate without exposing it. */
export function maskAddress(value: unknown): unknown {
  if (typeof value === 'number') return maskAddress(String(value));
  if (typeof value !== 'string') return value;
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
] as const;
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
] as const;

/** pino `redact` paths for the keys above, at the top level and one or two levels down. */
export function redactPaths(keys: readonly string[]): string[] {
  return keys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}
