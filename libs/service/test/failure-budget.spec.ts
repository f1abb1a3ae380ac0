import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@switchboard/observability';
import { freePort } from '@switchboard/testing';
import {
  closeRedis,
  createFailureBudget,
  createRedisClient,
  type FailureBudgetOptions,
  type Redis,
} from '../src';

// Failure budgets against the shared Redis. Each replica is a budget on a Redis connection of its
// own; prefixes are unique to the test, so no count is shared with other suites or earlier runs.

const log = createLogger({ service: 'failure-budget-test', level: 'silent' });
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** Long enough that no test outlives it: a view this old is answered from, never refreshed. */
const LONG_CACHE_MS = 60_000;

describe('failure budgets shared by replicas through Redis', () => {
  const clients: Redis[] = [];
  let direct: Redis;

  const connect = async () => {
    const redis = createRedisClient({ url: redisUrl, log });
    clients.push(redis);
    await once(redis, 'ready');
    return redis;
  };
  /** A replica's budget: its own connection, the test's prefix. */
  const replica = async (
    prefix: string,
    options: Partial<Omit<FailureBudgetOptions, 'redis' | 'prefix'>> = {},
  ) =>
    createFailureBudget({
      redis: await connect(),
      prefix,
      limit: 3,
      windowS: 60,
      cacheMs: LONG_CACHE_MS,
      ...options,
    });
  const newPrefix = () => `failure-budget-test:${randomUUID()}`;

  beforeAll(async () => {
    direct = await connect();
  });

  afterAll(async () => {
    await Promise.all(clients.map((redis) => closeRedis(redis)));
  });

  it('blocks an address on the replica that counts the failure reaching the budget, at once', async () => {
    const prefix = newPrefix();
    const budget = await replica(prefix);
    expect(await budget.blockedFor('198.51.100.1')).toBeUndefined();
    await budget.count('198.51.100.1');
    await budget.count('198.51.100.1');
    expect(await budget.blockedFor('198.51.100.1')).toBeUndefined();
    await budget.count('198.51.100.1');

    const blockedMs = await budget.blockedFor('198.51.100.1');
    expect(blockedMs).toBeGreaterThan(0);
    expect(blockedMs).toBeLessThanOrEqual(60_000);
    // Another address is not affected.
    expect(await budget.blockedFor('198.51.100.2')).toBeUndefined();
    // The count is the plain integer with the window's expiry that earlier replicas kept.
    expect(await direct.get(`${prefix}:198.51.100.1`)).toBe('3');
    expect(await direct.pttl(`${prefix}:198.51.100.1`)).toBeGreaterThan(0);
  });

  it('answers from what a replica learnt until cacheMs has passed, then asks Redis again', async () => {
    const prefix = newPrefix();
    const counting = await replica(prefix);
    const remembering = await replica(prefix);
    const refreshing = await replica(prefix, { cacheMs: 200 });
    const address = '198.51.100.10';
    expect(await remembering.blockedFor(address)).toBeUndefined();
    expect(await refreshing.blockedFor(address)).toBeUndefined();

    for (let i = 0; i < 3; i += 1) await counting.count(address);
    expect(await counting.blockedFor(address)).toBeGreaterThan(0);
    // The block is in Redis, but a replica whose view is younger than its cacheMs has not seen it.
    expect(await remembering.blockedFor(address)).toBeUndefined();

    // Once its view is older than cacheMs, the replica asks Redis again and sees the block.
    await sleep(250);
    const seen = await refreshing.blockedFor(address);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThanOrEqual(60_000);
  });

  it('asks Redis at every check with cacheMs 0', async () => {
    const prefix = newPrefix();
    const counting = await replica(prefix, { cacheMs: 0 });
    const asking = await replica(prefix, { cacheMs: 0 });
    const address = '198.51.100.20';
    expect(await asking.blockedFor(address)).toBeUndefined();

    for (let i = 0; i < 3; i += 1) await counting.count(address);
    expect(await asking.blockedFor(address)).toBeGreaterThan(0);
    // What Redis holds is the answer, whatever was asked a moment ago.
    await direct.del(`${prefix}:${address}`);
    expect(await asking.blockedFor(address)).toBeUndefined();
    expect(await counting.blockedFor(address)).toBeUndefined();
  });

  it('forgets the longest-known addresses past its cap, and asks Redis about them again', async () => {
    const prefix = newPrefix();
    const counting = await replica(prefix);
    const capped = await replica(prefix, { maxAddresses: 2 });
    for (const address of ['198.51.100.30', '198.51.100.31', '198.51.100.32']) {
      expect(await capped.blockedFor(address)).toBeUndefined();
    }
    for (const address of ['198.51.100.30', '198.51.100.32']) {
      for (let i = 0; i < 3; i += 1) await counting.count(address);
    }

    // The first was forgotten when the third was learnt: asked again, it is blocked.
    expect(await capped.blockedFor('198.51.100.30')).toBeGreaterThan(0);
    // The third is still remembered (as unblocked) within cacheMs.
    expect(await capped.blockedFor('198.51.100.32')).toBeUndefined();
  });

  it('never answers from a view past the end of the window it describes', async () => {
    const prefix = newPrefix();
    const counting = await replica(prefix, { limit: 1, windowS: 3 });
    const other = await replica(prefix, { limit: 1, windowS: 3 });
    const address = '198.51.100.40';
    await counting.count(address);
    const blockedMs = await counting.blockedFor(address);
    expect(blockedMs).toBeGreaterThan(0);
    expect(blockedMs).toBeLessThanOrEqual(3_000);
    expect(await other.blockedFor(address)).toBeGreaterThan(0);

    // Both views outlive the window by far; neither is answered from once the window has ended.
    await sleep(3_200);
    expect(await direct.exists(`${prefix}:${address}`)).toBe(0);
    expect(await counting.blockedFor(address)).toBeUndefined();

    // The next failure opens a new window: the other replica, whose view described the last
    // window, asks Redis again and sees the new block.
    await counting.count(address);
    expect(await counting.blockedFor(address)).toBeGreaterThan(0);
    expect(await other.blockedFor(address)).toBeGreaterThan(0);
  });

  it('answers concurrent checks of one address alike, and counts a failure made meanwhile', async () => {
    const prefix = newPrefix();
    const budget = await replica(prefix, { limit: 1 });
    const address = '198.51.100.50';
    const answers = await Promise.all([
      budget.blockedFor(address),
      budget.blockedFor(address),
      budget.count(address),
      budget.blockedFor(address),
    ]);
    expect(answers[0]).toBe(answers[1]);
    expect(await budget.blockedFor(address)).toBeGreaterThan(0);
  });

  it('rejects at once while Redis is unreachable, so the caller decides', async () => {
    const unreachable = createRedisClient({ url: `redis://127.0.0.1:${await freePort()}`, log });
    clients.push(unreachable);
    const budget = createFailureBudget({
      redis: unreachable,
      prefix: newPrefix(),
      limit: 3,
      windowS: 60,
    });
    await expect(budget.blockedFor('198.51.100.60')).rejects.toThrow(/not ready/);
    await expect(budget.count('198.51.100.60')).rejects.toThrow(/not ready/);
  });
});
