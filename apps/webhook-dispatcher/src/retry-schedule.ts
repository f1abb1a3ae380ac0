/** Up to this share of a delay is added at random, so retries of many deliveries spread out. */
const JITTER = 0.2;

/**
 * The delay before the next attempt after `attempts` attempts failed, with jitter; `undefined`
 * once the schedule is spent (the delivery has failed).
 *
 * @example nextRetryDelay([1000, 5000], 1, () => 0) // 1000
 */
export function nextRetryDelay(
  schedule: readonly number[],
  attempts: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[attempts - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 + JITTER * random()));
}
