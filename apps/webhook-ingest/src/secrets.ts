import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { SignatureVerdicts, type SignatureVerdict } from './webhook-log.repository';

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The secret a request presents: a bearer token, a basic-auth password, or `?token=`. */
export function presentedSecret(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  const [scheme, value] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer' && value) return value;
  if (scheme?.toLowerCase() === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  const token = req.query.token;
  return typeof token === 'string' ? token : undefined;
}

/**
 * Checks a shared secret. A secret that is presented must match, always; a missing one is
 * refused unless the route allows anonymous posts (development only). An empty secret proves
 * nothing: an empty configured secret verifies no request (not even `?token=`), and an empty
 * presented one never matches.
 */
export function verifySecret(
  req: Request,
  expected: string,
  allowMissing: boolean,
): SignatureVerdict {
  const presented = presentedSecret(req);
  if (expected.length === 0) return SignatureVerdicts.invalid;
  if (presented === undefined)
    return allowMissing ? SignatureVerdicts.notRequired : SignatureVerdicts.missing;
  if (presented.length === 0) return SignatureVerdicts.invalid;
  return safeEqual(presented, expected) ? SignatureVerdicts.valid : SignatureVerdicts.invalid;
}
