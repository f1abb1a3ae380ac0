import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { FaultProvider, FaultSettings } from './fault-settings';

/** What a rate-limited client is told to wait, in seconds. */
export const RATE_LIMIT_RETRY_AFTER_S = 1;

export interface FaultInjector {
  /**
   * Express middleware applying the provider's faults before its route runs. `toError` builds
   * the provider's own error for a status, which the provider's error handler then renders.
   * `recipientsOf` reads a (parsed) request's recipients, for recipient-scoped faults.
   */
  middleware(
    provider: FaultProvider,
    toError: (status: number) => Error,
    recipientsOf?: (req: Request) => string[],
  ): RequestHandler;
  /**
   * Runs `then` after `ms`, unless the client goes away or the sandbox stops first (a request
   * answered before express, held as the middleware holds the others).
   */
  hold(res: ServerResponse, ms: number, then: () => void): void;
  /** Ends every held request now, so a stop does not wait for them. */
  stop(): void;
}

/**
 * Applies the fault settings to HTTP requests: latency delays, `error` and `rate_limit` answer
 * in the provider's shape, `timeout` holds the request unanswered until the client gives up
 * (hanging up after `timeoutMs`).
 *
 * @example router.post('/v2/messages', authenticate, faults.middleware('telnyx', TelnyxApiError.forStatus), send);
 */
export function createFaultInjector(deps: {
  settings: FaultSettings;
  timeoutMs: number;
}): FaultInjector {
  const { settings, timeoutMs } = deps;
  const held = new Map<ServerResponse, NodeJS.Timeout>();

  /** Runs `then` after `ms`, unless the client goes away or the sandbox stops first. */
  function hold(res: ServerResponse, ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      held.delete(res);
      then();
    }, ms);
    held.set(res, timer);
    res.once('close', () => {
      clearTimeout(timer);
      held.delete(res);
    });
  }

  return {
    hold,
    middleware(provider, toError, recipientsOf) {
      return (req, res, next) => {
        const { delayMs, action } = settings.decide(
          provider,
          Math.random,
          recipientsOf?.(req) ?? [],
        );
        const apply = () => {
          if (!action) next();
          else if (action.kind === 'error') next(toError(action.status));
          else if (action.kind === 'rate_limit') {
            res.set('Retry-After', String(RATE_LIMIT_RETRY_AFTER_S));
            next(toError(429));
          } else if (action.kind === 'late_answer') {
            // The handler runs now; whatever it answers leaves only after the delay.
            const end = res.end.bind(res) as (...args: unknown[]) => Response;
            res.end = ((...args: unknown[]) => {
              hold(res, action.ms, () => end(...args));
              return res;
            }) as Response['end'];
            next();
          } else hold(res, timeoutMs, () => res.socket?.destroy());
        };
        if (delayMs > 0) hold(res, delayMs, apply);
        else apply();
      };
    },
    stop() {
      for (const [res, timer] of held) {
        clearTimeout(timer);
        res.socket?.destroy();
      }
      held.clear();
    },
  };
}
