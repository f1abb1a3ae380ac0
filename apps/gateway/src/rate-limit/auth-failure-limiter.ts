import type { Request, RequestHandler } from 'express';
import type { RateLimitBudget } from '@switchboard/app-config/gateway';
import { AppError, ErrorCodes } from '@switchboard/contracts';
import {
  Counter,
  throttledWarning,
  type Logger,
  type ServiceMetrics,
} from '@switchboard/observability';
import { createFailureBudget, type Redis } from '@switchboard/service';
import { addressBucket } from './address-bucket';

export interface AuthFailureLimiterOptions {
  enabled: boolean;
  redis: Redis;
  /** At most `requests` failed authentications per `periodS` seconds from one client address. */
  budget: RateLimitBudget;
  /**
   * How long a replica answers from what it last learnt of an address before asking Redis again
   * (a failure counted on another replica is seen here at most this much later); 0 asks at every
   * request.
   */
  cacheMs: number;
  metrics: ServiceMetrics;
  log: Logger;
}

/** The answer to an address over its budget of failed authentications. */
export function tooManyFailedAuthentications(
  budget: RateLimitBudget,
  retryAfterS: number,
): AppError {
  return new AppError(
    ErrorCodes.rateLimited,
    `Too many failed authentications from this address: the limit is ${budget.requests} per ${budget.periodS} s; retry in ${retryAfterS} s`,
  );
}

const wholeSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Where a request's failures are counted: its client address as the `trust proxy` setting
 * derives it — an IPv6 one by its /64.
 */
const addressOf = (req: Request) => addressBucket(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/**
 * Guards an authentication middleware by client address: a request from an address that has
 * failed authentication `budget.requests` times within `budget.periodS` seconds is refused with
 * `429` and `Retry-After` before the authentication runs — no credential parsing, no lookup, no
 * RPC — whatever credential it carries. Only refusals (`401`) count: a client whose requests
 * authenticate never spends this budget. The counts live in Redis, shared by every replica; each
 * replica answers from what it learnt of an address less than `cacheMs` ago, so an address
 * without failures costs one Redis call per replica per `cacheMs`. The replica that counts the
 * failure reaching the budget blocks the address at once, the others at most `cacheMs` later.
 * While Redis is unreachable the guard lets requests through uncounted (counting
 * `auth_failure_limiter_redis_errors_total`): requests are never refused because Redis is down,
 * and the negative credential cache still makes a repeated bad key cost one lookup per replica.
 *
 * @example app.use('/api', limitAuthFailures(authentication(authenticate), { enabled: true, redis, budget: { requests: 100, periodS: 60 }, cacheMs: 1000, metrics, log }));
 */
export function limitAuthFailures(
  authenticate: RequestHandler,
  options: AuthFailureLimiterOptions,
): RequestHandler {
  const { budget, log } = options;
  if (!options.enabled) return authenticate;

  const redisErrors = new Counter({
    name: 'auth_failure_limiter_redis_errors_total',
    help: 'Failed-authentication checks that could not reach Redis (the request was let through)',
    registers: [options.metrics.registry],
  });
  const warn = throttledWarning(log);
  const onRedisError = (err: unknown) => {
    redisErrors.inc();
    warn({ err: (err as Error)?.message }, 'auth failure limiter cannot reach redis');
  };
  const failures = createFailureBudget({
    redis: options.redis,
    prefix: 'authfail',
    limit: budget.requests,
    windowS: budget.periodS,
    cacheMs: options.cacheMs,
  });

  /** Time left until the address may try again, or undefined when it may now. */
  const blockedFor = async (address: string): Promise<number | undefined> => {
    try {
      return await failures.blockedFor(address);
    } catch (err) {
      onRedisError(err);
      return undefined;
    }
  };

  const countFailure = async (address: string) => {
    try {
      await failures.count(address);
    } catch (err) {
      onRedisError(err);
    }
  };

  return async (req, res, next) => {
    const address = addressOf(req);
    const blockedMs = await blockedFor(address);
    if (blockedMs !== undefined) {
      const retryAfterS = wholeSeconds(blockedMs);
      res.set('Retry-After', String(retryAfterS));
      return next(tooManyFailedAuthentications(budget, retryAfterS));
    }
    authenticate(req, res, (err?: unknown) => {
      if (err instanceof AppError && err.code === ErrorCodes.unauthorized) {
        // Counted before the refusal is answered, so the client's next request sees it.
        void countFailure(address).finally(() => next(err));
        return;
      }
      next(err);
    });
  };
}
