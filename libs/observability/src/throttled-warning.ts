import type { Logger } from 'pino';

/**
 * A warning logged at most once per `intervalMs`, with how many were suppressed since the last:
 * for failures that repeat on every request (a dependency down), where one line per request
 * would drown the logs.
 *
 * @example const warn = throttledWarning(log); warn({ err: err.message }, 'redis unavailable');
 */
export function throttledWarning(
  log: Logger,
  intervalMs = 30_000,
): (fields: Record<string, unknown>, message: string) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (fields, message) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) {
      suppressed += 1;
      return;
    }
    log.warn({ ...fields, suppressed }, message);
    lastAt = now;
    suppressed = 0;
  };
}
