import { createHmac, timingSafeEqual } from 'node:crypto';

const signatureOf = (secret: string, id: string, expires: number) =>
  createHmac('sha256', secret).update(`${id}.${expires}`).digest('base64url');

/**
 * A media file's content URL that works without an API key until `expires` (Unix seconds):
 * what providers fetch MMS media from. The signature is an HMAC over the id and the expiry.
 *
 * @example signedMediaUrl({ baseUrl: 'https://api.example.com', secret, id, ttlSeconds: 3600 })
 */
export function signedMediaUrl(args: {
  baseUrl: string;
  secret: string;
  id: string;
  ttlSeconds: number;
  now?: number;
}): string {
  const expires = Math.floor((args.now ?? Date.now()) / 1000) + args.ttlSeconds;
  const base = args.baseUrl.replace(/\/$/, '');
  return `${base}/api/v1/media/${encodeURIComponent(args.id)}/content?expires=${expires}&signature=${signatureOf(args.secret, args.id, expires)}`;
}

/** Whether `signature` signs this id until `expires`, and `expires` has not passed. */
export function mediaSignatureValid(args: {
  secret: string;
  id: string;
  expires: number;
  signature: string;
  now?: number;
}): boolean {
  if (!Number.isSafeInteger(args.expires)) return false;
  if (args.expires < Math.floor((args.now ?? Date.now()) / 1000)) return false;
  const want = Buffer.from(signatureOf(args.secret, args.id, args.expires));
  const got = Buffer.from(args.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
