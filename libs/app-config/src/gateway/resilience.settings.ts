import { z } from 'zod';
import { bool, positiveInt, redisEnv } from '@switchboard/config';
import { parseRateLimitOverrides } from './rate-limit-overrides';

/** One day: how long Stripe-style APIs keep an idempotency key, long enough for any retry loop. */
const DAY_S = 24 * 60 * 60;

/**
 * The gateway's Redis-backed protections: Idempotency-Key answers and per-client rate limits.
 * The default budget, 1000 requests per second per client, is far above what a messaging client
 * sends and leaves a load test headroom, yet stops a runaway retry loop from starving the other
 * tenants. Why these numbers, and how to change them: docs/RELIABILITY.md.
 */
export const resilienceEnv = redisEnv.extend({
  /** How long the answer to a request with an `Idempotency-Key` is replayed. */
  IDEMPOTENCY_TTL_S: positiveInt(DAY_S),
  RATE_LIMIT_ENABLED: bool(true),
  /** Requests each client may make per `RATE_LIMIT_PERIOD`. */
  RATE_LIMIT_REQUESTS: positiveInt(1000),
  /** The rate-limit window, in seconds. */
  RATE_LIMIT_PERIOD: positiveInt(1),
  /**
   * The most points of one client's budget a replica takes from Redis in one call and spends
   * from memory; blocks shrink to one point as the client nears its budget, and replicas together
   * never admit more than the budget. `1` asks Redis at every request.
   */
  RATE_LIMIT_LOCAL_BLOCK_MAX: positiveInt(32),
  /**
   * Failed authentications one client address may make per `AUTH_FAILURE_WINDOW_S` before its
   * requests are refused (429) ahead of authentication; successful requests never count.
   * On and off with `RATE_LIMIT_ENABLED`.
   */
  AUTH_FAILURES_PER_IP: positiveInt(100),
  AUTH_FAILURE_WINDOW_S: positiveInt(60),
  /**
   * How long a replica answers from what it last learnt of an address's failures before asking
   * Redis again: a failure counted on another replica is seen at most this much later (the
   * replica that counts it blocks at once). `0` asks Redis at every request.
   */
  AUTH_FAILURE_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
  /** Per-tenant budgets, `tenantA=50/1,tenantB=5000/60` (requests/seconds). */
  RATE_LIMIT_OVERRIDES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseRateLimitOverrides(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
});
