import type { Request } from 'express';
import { looksLikeApiKey, parseApiKey } from '@switchboard/tenancy';

/** What a request presented to prove who it is. */
export type PresentedCredential =
  | { kind: 'api_key'; prefix: string; key: string }
  | { kind: 'jwt'; token: string }
  | { kind: 'invalid'; reason: string };

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Longer than any key or reasonable JWT: refused before any parsing or lookup. */
const MAX_CREDENTIAL_CHARS = 8192;

function classify(value: string): PresentedCredential {
  if (value.length > MAX_CREDENTIAL_CHARS) return { kind: 'invalid', reason: 'is too long' };
  if (looksLikeApiKey(value)) {
    const parsed = parseApiKey(value);
    return parsed
      ? { kind: 'api_key', prefix: parsed.prefix, key: parsed.key }
      : { kind: 'invalid', reason: 'is not a well-formed API key' };
  }
  if (COMPACT_JWS.test(value)) return { kind: 'jwt', token: value };
  return { kind: 'invalid', reason: 'is neither an API key nor a JWT' };
}

/**
 * The credential of a request: `Authorization: Bearer <API key or JWT>` or `X-API-Key: <key>`.
 * `undefined` when the request carries none; `invalid` when it carries something that cannot be
 * one (another scheme, two different credentials, a malformed value) — refused, never ignored.
 */
export function presentedCredential(req: Request): PresentedCredential | undefined {
  const authorization = req.headers.authorization;
  const apiKeyHeader = req.headers['x-api-key'];
  if (authorization === undefined && apiKeyHeader === undefined) return undefined;
  if (Array.isArray(apiKeyHeader)) return { kind: 'invalid', reason: 'X-API-Key is repeated' };

  let bearer: string | undefined;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    if (!match) return { kind: 'invalid', reason: 'Authorization must use the Bearer scheme' };
    bearer = match[1]!;
  }
  const apiKey = apiKeyHeader?.trim();
  if (bearer !== undefined && apiKey !== undefined && bearer !== apiKey) {
    return { kind: 'invalid', reason: 'Authorization and X-API-Key disagree' };
  }
  if (apiKey !== undefined && bearer === undefined) {
    const credential = classify(apiKey);
    return credential.kind === 'jwt'
      ? { kind: 'invalid', reason: 'X-API-Key takes an API key; send a JWT as a Bearer token' }
      : credential;
  }
  return classify(bearer!);
}
