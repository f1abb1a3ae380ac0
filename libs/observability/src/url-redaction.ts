import { redactLogObject, scrubText } from './redact';

/**
 * The most of a query string looked at. Longer ones are cut first, so the redaction's work is
 * bounded whatever a client sends (its cut-off values are redacted like any other).
 */
const MAX_QUERY_CHARS = 2_048;

/** One query parameter's value as a log would show it under the same key. */
function redactParam(key: string, value: string): string {
  const redacted = (redactLogObject({ [key]: value }) as Record<string, unknown>)[key];
  return redacted === value ? scrubText(value) : String(redacted);
}

/**
 * A query string (without `?`) with the redaction logs get: secrets and contents (`token`,
 * `query`, `signature`, …) replaced by `[redacted]`, addresses under address keys
 * (`participant`, `to`, …) masked, and numbers or addresses anywhere else masked too.
 *
 * @example redactQuery('participant=%2B15551234567&limit=5') // 'participant=%2B1555***4567&limit=5'
 */
export function redactQuery(query: string): string {
  const params = new URLSearchParams(query.slice(0, MAX_QUERY_CHARS));
  const out = new URLSearchParams();
  for (const [key, value] of params) out.append(key, redactParam(key, value));
  return out.toString();
}

/**
 * A URL or request target with its query redacted (see `redactQuery`) and its fragment dropped;
 * the rest unchanged.
 *
 * @example redactUrl('https://x.test/hook?token=s3cret') // 'https://x.test/hook?token=%5Bredacted%5D'
 */
export function redactUrl(url: string): string {
  const withoutFragment = url.split('#', 1)[0] ?? '';
  const at = withoutFragment.indexOf('?');
  if (at < 0) return withoutFragment;
  return `${withoutFragment.slice(0, at)}?${redactQuery(withoutFragment.slice(at + 1))}`;
}
