import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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
import { createTokenBlocks, type Verdict } from './token-blocks';

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
  /**
   * The most points of a client's budget this replica takes from Redis at once and spends from
   * memory (`RATE_LIMIT_LOCAL_BLOCK_MAX`); 1 asks Redis at every request.
   */
  localBlockMax: number;
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
 * Per-client rate limiting in Redis (fixed windows shared by every gateway replica): each
 * request costs one point of its client's budget; the answer carries `RateLimit-*` headers, and
 * a client over budget gets `429` with `Retry-After`. Replicas take a client's points from Redis
 * in small blocks (up to `localBlockMax`) and spend them from memory, so a busy client costs a
 * Redis call per block, not per request; together they never admit more than the budget in a
 * window (see `createTokenBlocks`). While Redis is unreachable each replica limits in memory
 * instead (so the effective limit is multiplied by the replica count) and counts
 * `rate_limiter_redis_errors_total`; requests are never refused because Redis is down.
 *
 * @example app.use('/api', rateLimiter({ enabled: true, redis, defaults: { requests: 1000, periodS: 1 }, overrides: {}, localBlockMax: 32, subjectOf, metrics, log }));
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

  const blocks = createTokenBlocks({ redis, blockMax: options.localBlockMax });
  // While Redis is unreachable: one in-memory limiter per distinct budget (as many as there are
  // tenant plans), each replica on its own.
  const insurances = new Map<string, RateLimiterMemory>();
  const insuranceFor = (budget: RateLimitBudget) => {
    const name = `${budget.requests}/${budget.periodS}`;
    let insurance = insurances.get(name);
    if (!insurance) {
      insurance = new RateLimiterMemory({ points: budget.requests, duration: budget.periodS });
      insurances.set(name, insurance);
    }
    return insurance;
  };

  /** Charges `points`; undefined when neither Redis nor memory could answer (served anyway). */
  const charge = async (
    subject: string,
    budget: RateLimitBudget,
    points: number,
  ): Promise<Verdict | undefined> => {
    try {
      return await blocks.take(
        `ratelimit:${budget.requests}/${budget.periodS}:${subject}`,
        budget,
        points,
      );
    } catch {
      onRedisError();
    }
    const insurance = insuranceFor(budget);
    try {
      const state = await insurance.consume(subject, points);
      return { admitted: true, remaining: state.remainingPoints, resetMs: state.msBeforeNext };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) return undefined;
      // Refused whole: the points it could not have are given back to the client.
      await insurance.reward(subject, points).catch(() => undefined);
      const consumed = refusal.consumedPoints - points;
      return {
        admitted: false,
        remaining: Math.max(0, budget.requests - consumed),
        resetMs: refusal.msBeforeNext,
      };
    }
  };

  const budgetOf = (subject: RateLimitSubject, res: Response): RateLimitBudget =>
    (subject.kind === 'tenant' ? overrideFor(overrides, subject.id) : undefined) ??
    clientRateLimitOf(res) ??
    defaults;

  /** Sets the `RateLimit-*` headers; over budget also `Retry-After`, and answers the refusal. */
  const describe = (res: Response, budget: RateLimitBudget, verdict: Verdict) => {
    res.set(RateLimitHeaders.limit, String(budget.requests));
    res.set(RateLimitHeaders.remaining, String(verdict.remaining));
    res.set(RateLimitHeaders.reset, String(wholeSeconds(verdict.resetMs)));
    if (verdict.admitted) return undefined;
    const retryAfterS = Math.max(1, wholeSeconds(verdict.resetMs));
    res.set('Retry-After', String(retryAfterS));
    return tooManyRequests(budget, retryAfterS);
  };

  return async (req, res, next) => {
    const subject = subjectOf(req);
    const budget = budgetOf(subject, res);
    const key = `${subject.kind}:${subject.id}`;
    const verdict = await charge(key, budget, 1);
    // Neither Redis nor the in-memory insurance could answer: serve rather than refuse.
    if (!verdict) return next();
    const refusal = describe(res, budget, verdict);
    if (refusal) return next(refusal);
    charges.set(req, async (points) => {
      const more = await charge(key, budget, points);
      if (!more) return;
      const refused = describe(res, budget, more);
      if (refused) throw refused;
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
 * A request they do not fit in is refused whole with `429` and `Retry-After`, and is not charged
 * those points. Without an enabled rate limiter in front, it does nothing.
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
