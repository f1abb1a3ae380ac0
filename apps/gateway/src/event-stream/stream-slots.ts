import { throttledWarning, type Logger } from '@switchboard/observability';
import type { Redis } from '@switchboard/service';

/**
 * Takes a slot when fewer than `limit` live ones are held: expired holders (a replica that died
 * without releasing) are dropped first. KEYS[1] the tenant's set; ARGV: now, expiry, holder,
 * limit, key TTL (ms).
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

export interface StreamSlotsOptions {
  redis: Redis;
  log: Logger;
  /** Streams one tenant may hold open at once. */
  limit: number;
  /** A holder not renewed for this long is counted no more (its replica is gone). */
  ttlMs: number;
}

/** A taken slot: renewed while its stream is open, released when it closes. */
export interface StreamSlot {
  renew(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Counts each tenant's open event streams across gateway replicas: a sorted set per tenant in
 * Redis, one member per open stream scored by when it expires. Each stream renews its member on
 * every heartbeat, so a replica that dies without releasing frees its slots after `ttlMs`.
 * While Redis is unreachable each replica counts its own streams instead (the limit then holds
 * per replica), so streams are never refused because Redis is down.
 */
export function createStreamSlots(options: StreamSlotsOptions) {
  const { redis, limit, ttlMs } = options;
  const local = new Map<string, number>();
  const warn = throttledWarning(options.log);
  const keyOf = (tenantId: string) => `eventstreams:${tenantId}`;

  const localSlot = (tenantId: string): StreamSlot | undefined => {
    const held = local.get(tenantId) ?? 0;
    if (held >= limit) return undefined;
    local.set(tenantId, held + 1);
    let released = false;
    return {
      renew: async () => undefined,
      release: async () => {
        if (released) return;
        released = true;
        const now = (local.get(tenantId) ?? 1) - 1;
        if (now > 0) local.set(tenantId, now);
        else local.delete(tenantId);
      },
    };
  };

  return {
    /** A slot for one more stream of `tenantId`, or `undefined` when its streams are at the limit. */
    async acquire(tenantId: string, holder: string): Promise<StreamSlot | undefined> {
      const key = keyOf(tenantId);
      let taken: unknown;
      try {
        const now = Date.now();
        taken = await redis.eval(ACQUIRE, 1, key, now, now + ttlMs, holder, limit, ttlMs * 2);
      } catch (err) {
        warn(
          { err: (err as Error).message },
          'event stream limits cannot reach redis; counting on this replica',
        );
        return localSlot(tenantId);
      }
      if (taken !== 1) return undefined;
      return {
        async renew() {
          await redis
            .multi()
            .zadd(key, 'XX', Date.now() + ttlMs, holder)
            .pexpire(key, ttlMs * 2)
            .exec()
            .catch(() => undefined);
        },
        async release() {
          await redis.zrem(key, holder).catch(() => undefined);
        },
      };
    },
  };
}
export type StreamSlots = ReturnType<typeof createStreamSlots>;
