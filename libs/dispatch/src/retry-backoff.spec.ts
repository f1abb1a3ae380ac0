import { loadConfig } from '@switchboard/config';
import { backoffMs } from './retry-backoff';
import { dispatcherEnv } from './dispatcher-config';

const DAY_MS = 86_400_000;

describe("a provider's Retry-After", () => {
  const config = loadConfig(dispatcherEnv, {});
  const delay = (round: number, retryAfterMs?: number) =>
    backoffMs(
      round,
      config.DISPATCH_RETRY_BASE_MS,
      config.DISPATCH_RETRY_MAX_MS,
      retryAfterMs,
      config.DISPATCH_RETRY_AFTER_MAX_MS,
    );

  it('is honoured when it asks for longer than the backoff, up to the configured maximum', () => {
    expect(config.DISPATCH_RETRY_AFTER_MAX_MS).toBe(60_000);
    expect(delay(1, 45_000)).toBe(45_000);
  });

  it('never holds a message longer than DISPATCH_RETRY_AFTER_MAX_MS', () => {
    // A day (or a year) of Retry-After would hold the message, its conversation's order and a
    // dispatch slot for as long.
    for (const retryAfterMs of [DAY_MS, 365 * DAY_MS, Number.MAX_SAFE_INTEGER, Infinity]) {
      expect(delay(1, retryAfterMs)).toBe(config.DISPATCH_RETRY_AFTER_MAX_MS);
      expect(delay(6, retryAfterMs)).toBe(config.DISPATCH_RETRY_AFTER_MAX_MS);
    }
  });

  it('does not shorten the backoff the dispatcher would wait anyway', () => {
    const small = loadConfig(dispatcherEnv, {
      DISPATCH_RETRY_BASE_MS: '40000',
      DISPATCH_RETRY_MAX_MS: '80000',
      DISPATCH_RETRY_AFTER_MAX_MS: '1000',
    });
    const wait = backoffMs(
      2,
      small.DISPATCH_RETRY_BASE_MS,
      small.DISPATCH_RETRY_MAX_MS,
      DAY_MS,
      small.DISPATCH_RETRY_AFTER_MAX_MS,
    );
    expect(wait).toBeGreaterThanOrEqual(40_000);
    expect(wait).toBeLessThanOrEqual(80_000);
  });
});
