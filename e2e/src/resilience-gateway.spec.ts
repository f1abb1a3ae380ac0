import { describeIdempotencyKey } from './resilience/idempotency-key.tests';
import { describeRateLimits } from './resilience/rate-limits.tests';
import { describeRedisUnreachable } from './resilience/redis-unreachable.tests';
import { useResilienceStack } from './resilience/resilience-stack';

// Idempotency keys and rate limits against the real stack and the shared Redis. Other suites and
// earlier runs use the same Redis: every key is unique to the run, and each rate-limited client
// calls from its own loopback address (127.x.y.z), so no budget is shared with anyone else.

describe('the gateway under retries and load (Idempotency-Key, rate limits)', () => {
  const suite = useResilienceStack();
  describeIdempotencyKey(suite);
  describeRateLimits(suite);
  describeRedisUnreachable(suite);
});
