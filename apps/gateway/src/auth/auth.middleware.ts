import type { Request, RequestHandler } from 'express';
import { AppError, ErrorCodes, type TenantPrincipal } from '@switchboard/contracts';
import { setClientRateLimit } from '../rate-limit/client-rate-limit';
import type { Authenticator } from './authenticator';

const principals = new WeakMap<Request, TenantPrincipal>();

/**
 * The principal the request was authenticated as. A route reached without the authentication
 * middleware has none: that is a wiring mistake, and it fails closed.
 */
export function principalOf(req: Request): TenantPrincipal {
  const principal = principals.get(req);
  if (!principal) {
    throw new AppError(ErrorCodes.internal, 'Something went wrong on our side', [], {
      cause: new Error(`${req.method} ${req.baseUrl} reached without authentication`),
    });
  }
  return principal;
}

/**
 * Authenticates every request it sees and records who it acts as (and that tenant's own rate
 * limit, for the rate limiter behind it). Refusals are 401 with `WWW-Authenticate: Bearer`
 * (RFC 6750), answered as problem+json by the shared error handler.
 */
export function authentication(authenticate: Authenticator): RequestHandler {
  return async (req, res, next) => {
    try {
      const principal = await authenticate(req);
      principals.set(req, principal);
      if (principal.rate_limit) {
        setClientRateLimit(res, {
          requests: principal.rate_limit.requests,
          periodS: principal.rate_limit.period_s,
        });
      }
      next();
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCodes.unauthorized) {
        const presented = req.headers.authorization ?? req.headers['x-api-key'];
        res.set(
          'WWW-Authenticate',
          presented
            ? 'Bearer realm="switchboard", error="invalid_token"'
            : 'Bearer realm="switchboard"',
        );
      }
      next(err);
    }
  };
}
