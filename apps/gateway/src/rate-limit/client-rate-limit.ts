import type { Response } from 'express';
import type { RateLimitBudget } from '@switchboard/app-config/gateway';

declare global {
  // Express types `res.locals` through this global interface; merging into it is the documented way.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /**
       * The authenticated client's own budget (its tenant's `rate_limit_requests` per
       * `rate_limit_period_s`), set by the auth layer before rate limiting; absent → the defaults.
       */
      rateLimit?: RateLimitBudget;
    }
  }
}

/**
 * Records the authenticated client's own request budget for the rate limiter, which runs after
 * authentication. Call it only when the tenant has one (both columns set).
 *
 * @example setClientRateLimit(res, { requests: tenant.rate_limit_requests, periodS: tenant.rate_limit_period_s });
 */
export function setClientRateLimit(res: Response, budget: RateLimitBudget): void {
  res.locals.rateLimit = budget;
}

const isPositiveInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;

/** The budget the auth layer recorded for this request, when it is a usable one. */
export function clientRateLimitOf(res: Response): RateLimitBudget | undefined {
  const budget = res.locals.rateLimit;
  if (!budget || !isPositiveInt(budget.requests) || !isPositiveInt(budget.periodS))
    return undefined;
  return budget;
}
