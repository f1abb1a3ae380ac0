const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delays before each retry (after the first attempt): 5 s, 5 min, 30 min, 2 h, 5 h, then every
 * 10 h — 13 attempts over about three days and five hours, the shape Svix and Stripe use. Configurable
 * (WEBHOOK_RETRY_SCHEDULE_MS), e.g. shortened in tests.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
];
