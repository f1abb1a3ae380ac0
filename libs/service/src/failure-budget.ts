import type { Redis } from 'ioredis';

/** How long a replica answers from what it last learnt of an address, unless told otherwise. */
const DEFAULT_CACHE_MS = 1_000;

/**
 * The most addresses a replica remembers. Past it the longest-known are forgotten (and asked
 * about again when they return), so a flood of distinct addresses cannot grow memory.
 */
const DEFAULT_MAX_ADDRESSES = 10_000;

/**
 * An address's count and the time its window has left, in one atomic step: `{0, 0}` when it has
 * no window (no failure counted, or its window ended).
 */
const READ = `
local count = redis.call('get', KEYS[1])
if not count then return {0, 0} end
return {tonumber(count), redis.call('pttl', KEYS[1])}`;

/**
 * Counts one failure: the window is created with its expiry when absent (a count without one is
 * given it again). Answers the count after and the time the window has left. The count is the
 * plain integer with expiry that earlier replicas kept (rate-limiter-flexible's layout), so old
 * and new replicas share one count during a rolling update.
 */
const COUNT = `
redis.call('set', KEYS[1], 0, 'EX', ARGV[1], 'NX')
local count = redis.call('incr', KEYS[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[1])
  ttl = 1000 * tonumber(ARGV[1])
end
return {count, ttl}`;

type Answer = [count: number, ttlMs: number];

interface FailureBudgetCommands {
  failureBudgetRead(key: string): Promise<Answer>;
  failureBudgetCount(key: string, windowS: number): Promise<Answer>;
}

/** What this replica last learnt of an address. */
interface Entry {
  /** Failures in the address's window when Redis answered. */
  count: number;
  /** The window's end by this replica's clock: the ask's send time plus the TTL; 0 without one. */
  endsAt: number;
  /** Answers come from this entry until then, never past the window's end. */
  freshUntil: number;
  /** Which ask this is the answer to: a later ask's answer is never replaced by an earlier's. */
  seq: number;
}

export interface FailureBudgetOptions {
  redis: Redis;
  /** Names the counts in Redis: `<prefix>:<address>`. */
  prefix: string;
  /** Failures an address may have per window; at this many it is blocked until the window ends. */
  limit: number;
  /** The window, in seconds, from an address's first failure. */
  windowS: number;
  /**
   * How long this replica answers from what it last learnt of an address before asking Redis
   * again; `0` asks Redis at every check. 1 s unless given.
   */
  cacheMs?: number;
  /** The most addresses remembered; past it the longest-known are forgotten. */
  maxAddresses?: number;
}

/** A per-address budget of failures, counted in Redis and shared by every replica. */
export interface FailureBudget {
  /**
   * Milliseconds until `address` may try again, or undefined when it may now. Rejects when
   * Redis cannot be asked: the caller decides what an unknown answer means.
   */
  blockedFor(address: string): Promise<number | undefined>;
  /** Counts one failure of `address`. Rejects when Redis cannot be asked. */
  count(address: string): Promise<void>;
}

/**
 * A per-address budget of failures (failed authentications, refused webhooks) in fixed windows
 * counted in Redis, so every replica shares it, checked against a bounded local view: a replica
 * answers from what it learnt of an address less than `cacheMs` ago (never past the end of the
 * address's window) and otherwise asks Redis and remembers the answer. An address without
 * failures — nearly every one — thus costs one Redis call per replica per `cacheMs`, however many
 * requests it sends; concurrent checks of one address share one call.
 *
 * A failure counted on this replica updates its view from Redis's answer, so the replica blocks
 * the address at once when it reaches the budget. A failure counted on another replica is seen
 * here at most `cacheMs` later: in that time this replica may let an address over its budget
 * make a few more attempts, each of which is counted. With `cacheMs` 0 nothing is remembered and
 * every check asks Redis. While Redis is unreachable both methods reject at once.
 *
 * @example const budget = createFailureBudget({ redis, prefix: 'authfail', limit: 100, windowS: 60 }); if ((await budget.blockedFor(ip)) === undefined) ...; await budget.count(ip);
 */
export function createFailureBudget(options: FailureBudgetOptions): FailureBudget {
  const { prefix, limit } = options;
  const cacheMs = options.cacheMs ?? DEFAULT_CACHE_MS;
  const maxAddresses = options.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  const windowMs = options.windowS * 1000;
  options.redis.defineCommand('failureBudgetRead', { numberOfKeys: 1, lua: READ });
  options.redis.defineCommand('failureBudgetCount', { numberOfKeys: 1, lua: COUNT });
  // defineCommand adds the methods at run time; ioredis cannot type them.
  const redis = options.redis as Redis & FailureBudgetCommands;
  const keyOf = (address: string) => `${prefix}:${address}`;

  const ready = () => {
    // A disconnected client would refuse the command anyway; this spares the attempt.
    if (redis.status !== 'ready') throw new Error('Redis connection is not ready');
  };
  const blockedMs = (count: number, endsAt: number, now: number) =>
    count >= limit && endsAt > now ? endsAt - now : undefined;

  if (cacheMs <= 0) {
    return {
      async blockedFor(address) {
        ready();
        const sentAt = Date.now();
        const [count, ttlMs] = await redis.failureBudgetRead(keyOf(address));
        return blockedMs(count, sentAt + (ttlMs >= 0 ? ttlMs : windowMs), sentAt);
      },
      async count(address) {
        ready();
        await redis.failureBudgetCount(keyOf(address), options.windowS);
      },
    };
  }

  // In the order they were learnt, so the stale and the longest-known gather at the front.
  const entries = new Map<string, Entry>();
  const asking = new Map<string, Promise<Entry>>();
  let sent = 0;

  const remember = (address: string, entry: Entry) => {
    entries.delete(address);
    const now = Date.now();
    for (const [oldest, kept] of entries) {
      if (kept.freshUntil > now && entries.size < maxAddresses) break;
      entries.delete(oldest);
    }
    entries.set(address, entry);
  };

  /** Asks Redis with `command` and keeps its answer, unless a later ask's is already kept. */
  const learn = async (
    address: string,
    command: (key: string) => Promise<Answer>,
  ): Promise<Entry> => {
    ready();
    const seq = (sent += 1);
    // The answer describes Redis at some moment after this: reckoning from the send time keeps
    // the entry from outliving either the window or `cacheMs` after a failure counted elsewhere.
    const sentAt = Date.now();
    const [count, ttlMs] = await command(keyOf(address));
    const known = entries.get(address);
    if (known && known.seq > seq) return known;
    const endsAt = count > 0 ? sentAt + (ttlMs >= 0 ? ttlMs : windowMs) : 0;
    const freshUntil = count > 0 ? Math.min(sentAt + cacheMs, endsAt) : sentAt + cacheMs;
    const entry: Entry = { count, endsAt, freshUntil, seq };
    remember(address, entry);
    return entry;
  };

  return {
    async blockedFor(address) {
      const known = entries.get(address);
      const now = Date.now();
      if (known && known.freshUntil > now) return blockedMs(known.count, known.endsAt, now);
      let pending = asking.get(address);
      if (!pending) {
        pending = learn(address, (key) => redis.failureBudgetRead(key)).finally(() =>
          asking.delete(address),
        );
        asking.set(address, pending);
      }
      const entry = await pending;
      return blockedMs(entry.count, entry.endsAt, Date.now());
    },
    async count(address) {
      await learn(address, (key) => redis.failureBudgetCount(key, options.windowS));
    },
  };
}
