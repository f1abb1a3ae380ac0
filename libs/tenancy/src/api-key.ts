import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `sb_live_3f9a0c1d2e4b_Jx…43 characters…`: a fixed marker (so secret
 * scanners and people recognise one), a public prefix that identifies the key (safe to log and
 * show in listings), and 256 random bits. Only a keyed hash of the whole key is stored.
 */
export const API_KEY_MARKER = 'sb_live_';
const PREFIX_BYTES = 6;
const SECRET_BYTES = 32;
const API_KEY = /^sb_live_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  /** The public part, e.g. `3f9a0c1d2e4b`. */
  prefix: string;
  /** The whole key, as presented. */
  key: string;
}

/** A new random key; show `key` once, store only its hash. */
export function generateApiKey(): ParsedApiKey {
  const prefix = randomBytes(PREFIX_BYTES).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { prefix, key: `${API_KEY_MARKER}${prefix}_${secret}` };
}

/** Splits a presented key into its parts, or `undefined` when it is not shaped like one of ours. */
export function parseApiKey(raw: string): ParsedApiKey | undefined {
  const match = API_KEY.exec(raw);
  return match ? { prefix: match[1]!, key: raw } : undefined;
}

/** Whether a credential claims to be one of our API keys (rather than, say, a JWT). */
export function looksLikeApiKey(raw: string): boolean {
  return raw.startsWith(API_KEY_MARKER);
}

/**
 * HMAC-SHA256 of the key under the server's SECRET_KEY, hex. Keys carry 256 random bits, so a
 * fast hash is safe (nothing to brute-force), and the pepper means a leaked table alone
 * cannot even confirm a guess.
 *
 * @example hashApiKey(config.SECRET_KEY, parsed.key)
 */
export function hashApiKey(secretKey: string, key: string): string {
  return createHmac('sha256', secretKey).update(key, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
