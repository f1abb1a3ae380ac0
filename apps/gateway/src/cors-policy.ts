import cors from 'cors';
import type { RequestHandler } from 'express';

/** Request headers a browser client may send, beyond the CORS-safelisted ones. */
const ALLOWED_HEADERS = [
  'Authorization',
  'X-API-Key',
  'Content-Type',
  'Idempotency-Key',
  'X-Request-Id',
];
/** Response headers a browser client may read. */
const EXPOSED_HEADERS = [
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Idempotency-Replayed',
  'X-Request-Id',
  'WWW-Authenticate',
];
const PREFLIGHT_CACHE_S = 600;

/**
 * CORS for the API, off unless origins are configured: browsers then let only those origins
 * (or any, with `*`) call it. Credentials travel in headers, never cookies, so none are allowed.
 *
 * @example const policy = corsPolicy(config.CORS_ORIGINS); if (policy) app.use('/api', policy);
 */
export function corsPolicy(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_CACHE_S,
  });
}
