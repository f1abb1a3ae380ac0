import { DEFAULT_RETRY_SCHEDULE_MS } from '@switchboard/app-config/webhook-dispatcher';
import { nextRetryDelay } from './retry-schedule';

describe('the retry schedule', () => {
  it('spans about three days', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
  });

  it('backs off with jitter of up to a fifth, and ends when the schedule is spent', () => {
    expect(nextRetryDelay([100, 1000], 1, () => 0)).toBe(100);
    expect(nextRetryDelay([100, 1000], 2, () => 0.999)).toBe(1200);
    expect(nextRetryDelay([100, 1000], 3, () => 0)).toBeUndefined();
  });
});
