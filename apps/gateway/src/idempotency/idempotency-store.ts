import { randomUUID } from 'node:crypto';
import type { Redis } from '@switchboard/service';

/** An answer kept for replay. */
export interface StoredAnswer {
  status: number;
  /** The headers a replay repeats (content type, location). */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The right to answer for a key: held by the one request that reserved it. */
export interface IdempotencyLease {
  /** Where the key is stored. */
  readonly storeKey: string;
  /** What the store holds while this request is in flight; unique to the request. */
  readonly marker: string;
}

export type Reservation =
  | { state: 'reserved'; lease: IdempotencyLease }
  | { state: 'in_flight'; fingerprint: string }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

/** Where idempotency keys and their answers live. */
export interface IdempotencyStore {
  /**
   * Atomically claims `key` within `scope` for a request with `fingerprint`, or tells what the
   * key already holds: a request still in flight, or a final answer.
   */
  reserve(scope: string, key: string, fingerprint: string): Promise<Reservation>;
  /** Keeps the final answer for replay; false when the lease was lost (it expired). */
  complete(lease: IdempotencyLease, answer: StoredAnswer): Promise<boolean>;
  /** Frees the key so that the client can retry; a lost lease is left alone. */
  release(lease: IdempotencyLease): Promise<void>;
}

type Entry =
  | { state: 'in_flight'; fingerprint: string; lease: string }
  | { state: 'done'; fingerprint: string; answer: StoredAnswer };

// SET NX is the claim; when it fails, the same round trip reads what holds the key.
const RESERVE = `
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('get', KEYS[1])`;
// Compare-and-set / compare-and-delete on the exact in-flight marker: a request whose lease
// expired must not overwrite or free the key another request holds now.
const COMPLETE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;
const RELEASE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('del', KEYS[1])`;

interface IdempotencyCommands {
  idempotencyReserve(key: string, marker: string, leaseMs: number): Promise<string | null>;
  idempotencyComplete(key: string, marker: string, entry: string, ttlS: number): Promise<number>;
  idempotencyRelease(key: string, marker: string): Promise<number>;
}

/** Long past any request's life (RPC_TIMEOUT_MS is 5 s); frees keys a crashed replica held. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * Idempotency keys in Redis, one string per key (`idempotency:<scope>:<key>`): an in-flight
 * marker set with SET NX and a lease TTL, replaced by the final answer with the retention TTL.
 *
 * @example const store = new RedisIdempotencyStore({ redis, ttlS: 86_400 });
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: Redis & IdempotencyCommands;
  private readonly ttlS: number;
  private readonly leaseMs: number;

  constructor(options: { redis: Redis; ttlS: number; leaseMs?: number }) {
    const { redis } = options;
    redis.defineCommand('idempotencyReserve', { numberOfKeys: 1, lua: RESERVE });
    redis.defineCommand('idempotencyComplete', { numberOfKeys: 1, lua: COMPLETE });
    redis.defineCommand('idempotencyRelease', { numberOfKeys: 1, lua: RELEASE });
    // defineCommand adds the methods at run time; ioredis cannot type them.
    this.redis = redis as Redis & IdempotencyCommands;
    this.ttlS = options.ttlS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async reserve(scope: string, key: string, fingerprint: string): Promise<Reservation> {
    const storeKey = `idempotency:${encodeURIComponent(scope)}:${key}`;
    const marker = JSON.stringify({
      state: 'in_flight',
      fingerprint,
      lease: randomUUID(),
    } satisfies Entry);
    const existing = await this.redis.idempotencyReserve(storeKey, marker, this.leaseMs);
    if (existing === null) return { state: 'reserved', lease: { storeKey, marker } };
    const entry = JSON.parse(existing) as Entry;
    return entry.state === 'done'
      ? { state: 'done', fingerprint: entry.fingerprint, answer: entry.answer }
      : { state: 'in_flight', fingerprint: entry.fingerprint };
  }

  async complete(lease: IdempotencyLease, answer: StoredAnswer): Promise<boolean> {
    const { fingerprint } = JSON.parse(lease.marker) as Entry;
    const entry = JSON.stringify({ state: 'done', fingerprint, answer } satisfies Entry);
    const stored = await this.redis.idempotencyComplete(
      lease.storeKey,
      lease.marker,
      entry,
      this.ttlS,
    );
    return stored === 1;
  }

  async release(lease: IdempotencyLease): Promise<void> {
    await this.redis.idempotencyRelease(lease.storeKey, lease.marker);
  }
}
