import type { Request, RequestHandler } from 'express';
import { ErrorCodes } from '@switchboard/contracts';
import { problemFor, sendProblem } from '@switchboard/http';
import { Counter, type Logger, type ServiceMetrics } from '@switchboard/observability';
import { createFailureBudget, type Redis } from '@switchboard/service';
import { discardRefusedBody } from './refused-body';

export interface RefusalLimiterOptions {
  redis: Redis;
  /** Refused webhooks one source may cause per window before it is turned away. */
  limit: number;
  windowS: number;
  /**
   * How long a replica answers from what it last learnt of a source before asking Redis again (a
   * refusal counted on another replica is seen here at most this much later); 0 asks at every
   * request.
   */
  cacheMs: number;
  log: Logger;
  metrics: ServiceMetrics;
}

/** Counts a source's refused webhooks, and turns a source that caused too many away. */
export interface RefusalLimiter {
  /** Answers 429 (unread) to a source over its budget; lets everything else through. */
  guard: RequestHandler;
  /** Charges a refused webhook (bad or missing signature or secret) to its source. */
  record(req: Request): Promise<void>;
}

const WARN_EVERY_MS = 30_000;

/** The source a request is charged to: its client address, through trusted proxies only. */
const sourceOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Per-source budget of refused webhooks, kept in Redis so every replica shares it; each replica
 * answers from what it learnt of a source less than `cacheMs` ago, so a source without refusals
 * costs one Redis call per replica per `cacheMs`. The replica that charges the refusal reaching
 * the budget turns the source away at once, the others at most `cacheMs` later. A provider
 * whose signatures verify is never charged; a source that keeps sending forged or
 * unauthenticated requests is answered `429` with `Retry-After`, before its body is read, until
 * its window ends. While Redis is unreachable nothing is limited (webhooks are still verified):
 * a provider's callbacks are never refused because Redis is down.
 *
 * @example app.use('/api/v1/webhooks', refusals.guard);
 */
export function createRefusalLimiter(options: RefusalLimiterOptions): RefusalLimiter {
  const { log } = options;
  const refusals = createFailureBudget({
    redis: options.redis,
    prefix: 'webhook-refusals',
    limit: options.limit,
    windowS: options.windowS,
    cacheMs: options.cacheMs,
  });
  const turnedAway = new Counter({
    name: 'webhooks_throttled_total',
    help: 'Webhook requests turned away unread: their source caused too many refusals',
    registers: [options.metrics.registry],
  });
  const redisErrors = new Counter({
    name: 'webhook_refusal_limiter_redis_errors_total',
    help: 'Refusal-budget checks that could not reach Redis (the request was let through)',
    registers: [options.metrics.registry],
  });
  let lastWarning = 0;
  const onRedisError = (err: unknown) => {
    redisErrors.inc();
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    log.warn({ err }, 'refusal limiter cannot reach redis; not limiting');
  };

  return {
    guard: async (req, res, next) => {
      let blockedMs: number | undefined;
      try {
        blockedMs = await refusals.blockedFor(sourceOf(req));
      } catch (err) {
        onRedisError(err);
        return next();
      }
      if (blockedMs === undefined) return next();
      const retryAfterS = Math.max(1, Math.ceil(blockedMs / 1000));
      turnedAway.inc();
      res.set('Retry-After', String(retryAfterS));
      // The body is not read, only discarded (up to a bound) so that the answer reaches the client.
      await discardRefusedBody(req, res);
      sendProblem(
        res,
        problemFor(
          ErrorCodes.rateLimited,
          `Too many refused webhooks from this source; retry in ${retryAfterS} s`,
          req.originalUrl.split('?')[0],
        ),
      );
    },
    async record(req) {
      try {
        await refusals.count(sourceOf(req));
      } catch (err) {
        onRedisError(err);
      }
    },
  };
}
