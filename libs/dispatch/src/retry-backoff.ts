/**
 * Exponential backoff with full jitter between the base and the cap; a provider's Retry-After
 * when longer, but never more than `retryAfterMaxMs`: the provider does not decide how long a
 * message (and every later one of its conversation) waits.
 */
export function backoffMs(
  round: number,
  base: number,
  cap: number,
  retryAfterMs = 0,
  retryAfterMaxMs = Infinity,
): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, round - 1));
  const asked = Number.isNaN(retryAfterMs) ? 0 : Math.min(retryAfterMs, retryAfterMaxMs);
  return Math.max(asked, ceiling / 2 + (Math.random() * ceiling) / 2);
}
