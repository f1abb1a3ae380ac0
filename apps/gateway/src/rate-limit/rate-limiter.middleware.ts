import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import {
  overrideFor,
  type RateLimitBudget,
  type RateLimitOverrides,
} from '@switchboard/app-config/gateway';
import { AppError, ErrorCodes } from '@switchboard/contracts';
import {
  Counter,
  throttledWarning,
  type Logger,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { Redis } from '@switchboard/service';
import { clientRateLimitOf } from './client-rate-limit';
import type { RateLimitSubject } from './rate-limit-subject';

/** The header names of the IETF draft (draft-ietf-httpapi-ratelimit-headers). */
export const RateLimitHeaders = {
  limit: 'RateLimit-Limit',
  remaining: 'RateLimit-Remaining',
  reset: 'RateLimit-Reset',
} as const;

export interface RateLimiterOptions {
  enabled: boolean;
  redis: Redis;
  /** The budget of a client without an override. */
  defaults: RateLimitBudget;
  /** Budgets by tenant id; they win over the tenant's own (`res.locals.rateLimit`). */
  overrides: RateLimitOverrides;
  /** Who a request is charged to. */
  subjectOf(req: Request): RateLimitSubject;
  metrics: ServiceMetrics;
  log: Logger;
}

/** The answer to a client over its budget. */
export function tooManyRequests(budget: RateLimitBudget, retryAfterS: number): AppError {
  return new AppError(
    ErrorCodes.rateLimited,
    `Too many requests: the limit is ${budget.requests} per ${budget.periodS} s; retry in ${retryAfterS} s`,
  );
}

const wholeSeconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * rate-limiter-flexible consults its insurance limiter only when the Redis call failed, so a
 * consume here is a Redis error being absorbed: counted and (sparingly) logged.
 */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    budget: RateLimitBudget,
    private readonly onRedisError: () => void,
  ) {
    super({ points: budget.requests, duration: budget.periodS });
  }

  override consume(
    key: string | number,
    points?: number,
    options?: Record<string, unknown>,
  ): Promise<RateLimiterRes> {
    this.onRedisError();
    return super.consume(key, points, options);
  }
}

/**
 * Per-client rate limiting in Redis (fixed windows shared by every gateway replica): each
 * request costs one point of its client's budget; the answer carries `RateLimit-*` headers, and
 * a client over budget gets `429` with `Retry-After`. While Redis is unreachable each replica
 * limits in memory instead (so the effective limit is multiplied by the replica count) and
 * counts `rate_limiter_redis_errors_total`; requests are never refused because Redis is down.
 *
 * @example app.use('/api', rateLimiter({ enabled: true, redis, defaults: { requests: 1000, periodS: 1 }, overrides: {}, subjectOf, metrics, log }));
 */
export function rateLimiter(options: RateLimiterOptions): RequestHandler {
  const { redis, defaults, overrides, subjectOf, log } = options;
  if (!options.enabled) return (_req, _res, next) => next();

  const redisErrors = new Counter({
    name: 'rate_limiter_redis_errors_total',
    help: 'Rate-limit checks that could not reach Redis and were limited in memory instead',
    registers: [options.metrics.registry],
  });
  const warn = throttledWarning(log);
  const onRedisError = () => {
    redisErrors.inc();
    warn({}, 'rate limiter cannot reach redis; limiting in memory on this replica');
  };

  // One limiter per distinct budget; there are as many as there are tenant plans.
  const limiters = new Map<string, RateLimiterRedis>();
  const limiterFor = (budget: RateLimitBudget) => {
    const name = `${budget.requests}/${budget.periodS}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `ratelimit:${name}`,
        points: budget.requests,
        duration: budget.periodS,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new InsuranceLimiter(budget, onRedisError),
      });
      limiters.set(name, limiter);
    }
    return limiter;
  };

  const budgetOf = (subject: RateLimitSubject, res: Response): RateLimitBudget =>
    (subject.kind === 'tenant' ? overrideFor(overrides, subject.id) : undefined) ??
    clientRateLimitOf(res) ??
    defaults;

  const describe = (res: Response, budget: RateLimitBudget, state: RateLimiterRes) => {
    res.set(RateLimitHeaders.limit, String(budget.requests));
    res.set(RateLimitHeaders.remaining, String(state.remainingPoints));
    res.set(RateLimitHeaders.reset, String(wholeSeconds(state.msBeforeNext)));
  };

  return async (req, res, next) => {
    const subject = subjectOf(req);
    const budget = budgetOf(subject, res);
    const limiter = limiterFor(budget);
    const key = `${subject.kind}:${subject.id}`;
    let state: RateLimiterRes;
    try {
      state = await limiter.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) {
        // Neither Redis nor the in-memory insurance could answer: serve rather than refuse.
        onRedisError();
        return next();
      }
      const retryAfterS = Math.max(1, wholeSeconds(refusal.msBeforeNext));
      describe(res, budget, refusal);
      res.set('Retry-After', String(retryAfterS));
      return next(tooManyRequests(budget, retryAfterS));
    }
    describe(res, budget, state);
    charges.set(req, async (points) => {
      try {
        describe(res, budget, await limiter.consume(key, points));
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) return onRedisError();
        // Refused whole: the points it could not have are given back to the client.
        await limiter.reward(key, points).catch(() => onRedisError());
        const retryAfterS = Math.max(1, wholeSeconds(refusal.msBeforeNext));
        res.set(RateLimitHeaders.limit, String(budget.requests));
        const consumed = refusal.consumedPoints - points;
        res.set(RateLimitHeaders.remaining, String(Math.max(0, budget.requests - consumed)));
        res.set(RateLimitHeaders.reset, String(wholeSeconds(refusal.msBeforeNext)));
        res.set('Retry-After', String(retryAfterS));
        throw tooManyRequests(budget, retryAfterS);
      }
    });
    next();
  };
}

/** Charges more points to the budget a request was charged to (by `rateLimiter`). */
type Charge = (points: number) => Promise<void>;
const charges = new WeakMap<Request, Charge>();

/**
 * Charges a request more than the one point every request costs, once its body says how much
 * work it is (mount it after the body parser): `extraOf(req)` more points of the same budget.
 * A request they do not fit in is refused whole with `429` and `Retry-After`, and those points
 * are given back. Without an enabled rate limiter in front, it does nothing.
 *
 * @example app.use('/api/v1/messages/batch', chargeMore((req) => req.body.messages.length - 1));
 */
export function chargeMore(extraOf: (req: Request) => number): RequestHandler {
  return async (req, _res, next) => {
    const charge = charges.get(req);
    const extra = Math.floor(extraOf(req));
    if (!charge || !(extra > 0)) return next();
    try {
      await charge(extra);
      next();
    } catch (err) {
      next(err);
    }
  };
}
