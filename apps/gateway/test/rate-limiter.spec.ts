import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { problemHandler } from '@switchboard/http';
import { createLogger, createMetrics, type Logger } from '@switchboard/observability';
import { freePort } from '@switchboard/testing';
import { setClientRateLimit } from '../src/rate-limit/client-rate-limit';
import { chargeMore, rateLimiter } from '../src/rate-limit/rate-limiter.middleware';
import { closeRedis, createRedisClient, type Redis } from '@switchboard/service';

// The rate limiter against the shared Redis, and against a Redis that is not there. Tenants are
// unique to the run, so no budget is shared with other suites or earlier runs.

const run = randomUUID().slice(0, 8);
const overridden = `override-${run}`;

/** A logger that remembers its warnings. */
function recordingLogger(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const silent = createLogger({ service: 'gateway-test', level: 'silent' });
  const log = Object.assign(Object.create(silent) as Logger, {
    warn: (_fields: unknown, message: string) => void warnings.push(message),
  });
  return { log, warnings };
}

/** As in production (RATE_LIMIT_LOCAL_BLOCK_MAX's default). */
const BLOCK_MAX = 32;

async function serve(redis: Redis, log: Logger, localBlockMax = BLOCK_MAX) {
  const metrics = createMetrics('gateway-test');
  const app = express();
  // Stands in for the auth layer: records the tenant's own budget when it has one.
  app.use((req, res, next) => {
    const own = req.get('x-own-budget');
    if (own) {
      const [requests, periodS] = own.split('/').map(Number);
      setClientRateLimit(res, { requests: requests!, periodS: periodS! });
    }
    next();
  });
  app.use(
    '/api',
    rateLimiter({
      enabled: true,
      redis,
      defaults: { requests: 3, periodS: 60 },
      overrides: { [overridden]: { requests: 2, periodS: 60 } },
      localBlockMax,
      subjectOf: (req) => ({ kind: 'tenant', id: req.get('x-tenant') ?? 'none' }),
      metrics,
      log,
    }),
  );
  app.get('/api/things', (_req, res) => void res.json([]));
  // Stands in for a bulk send: `?n=` items, one point each.
  app.post(
    '/api/batch',
    chargeMore((req) => Number(req.query['n']) - 1),
    (_req, res) => void res.status(201).json({}),
  );
  app.use(problemHandler(log));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (tenant: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/things`, { headers: { 'x-tenant': tenant, ...headers } });
  const batch = (tenant: string, n: number, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/batch?n=${n}`, {
      method: 'POST',
      headers: { 'x-tenant': tenant, ...headers },
    });
  const redisErrors = async () => {
    const metric = await metrics.registry.getSingleMetricAsString(
      'rate_limiter_redis_errors_total',
    );
    return Number(/ (\d+)$/m.exec(metric)?.[1] ?? 0);
  };
  return { server, get, batch, redisErrors };
}

const statuses = async (responses: Array<Promise<Response>>) =>
  (await Promise.all(responses)).map((r) => r.status);

describe('rate limits (against Redis)', () => {
  let redis: Redis;
  let app: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    const { log } = recordingLogger();
    redis = createRedisClient({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', log });
    await once(redis, 'ready');
    app = await serve(redis, log);
  });

  afterAll(async () => {
    await new Promise((resolve) => app.server.close(resolve));
    await closeRedis(redis);
  });

  it('gives each client the default budget and refuses beyond it with 429', async () => {
    const tenant = `default-${run}`;
    const seq = [];
    for (let i = 0; i < 4; i += 1) seq.push(await app.get(tenant));
    expect(seq.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(seq.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(seq[3]!.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(seq[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(seq[3]!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await seq[3]!.json()).toMatchObject({
      status: 429,
      detail: expect.stringContaining('3 per 60 s'),
    });
    expect((await app.get(`other-${run}`)).status).toBe(200);
    expect(await app.redisErrors()).toBe(0);
  });

  it("uses the tenant's own budget when the auth layer records one", async () => {
    const tenant = `own-${run}`;
    const own = { 'x-own-budget': '5/60' };
    const seq = await statuses(Array.from({ length: 6 }, () => app.get(tenant, own)));
    expect(seq.sort()).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('lets RATE_LIMIT_OVERRIDES win over the budget the auth layer records', async () => {
    const res = await app.get(overridden, { 'x-own-budget': '100/60' });
    expect(res.headers.get('ratelimit-limit')).toBe('2');
    expect((await app.get(overridden)).status).toBe(200);
    expect((await app.get(overridden)).status).toBe(429);
  });
});

describe('rate limits spent from local blocks (two replicas sharing Redis)', () => {
  const clients: Redis[] = [];
  let one: Awaited<ReturnType<typeof serve>>;
  let two: Awaited<ReturnType<typeof serve>>;
  let exactOne: Awaited<ReturnType<typeof serve>>;
  let exactTwo: Awaited<ReturnType<typeof serve>>;
  let redis: Redis;

  /** A replica of its own: its own Redis connection, its own blocks. */
  const replica = async (localBlockMax = BLOCK_MAX) => {
    const { log } = recordingLogger();
    const client = createRedisClient({
      url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      log,
    });
    await once(client, 'ready');
    clients.push(client);
    return serve(client, log, localBlockMax);
  };
  /** The window counter Redis keeps for a tenant with this budget. */
  const counter = async (tenant: string, budget: string) =>
    Number(await redis.get(`ratelimit:${budget}:tenant:${tenant}`));
  const admittedOf = (responses: Response[]) => responses.filter((r) => r.status < 300).length;

  beforeAll(async () => {
    [one, two, exactOne, exactTwo] = await Promise.all([
      replica(),
      replica(),
      replica(1),
      replica(1),
    ]);
    redis = clients[0]!;
  });

  afterAll(async () => {
    for (const app of [one, two, exactOne, exactTwo]) {
      await new Promise((resolve) => app.server.close(resolve));
    }
    for (const client of clients) await closeRedis(client);
  });

  it('admits exactly the budget on one replica, asking Redis once per block', async () => {
    const tenant = `single-${run}`;
    const own = { 'x-own-budget': '100/60' };
    const first = await one.get(tenant, own);
    expect(first.headers.get('ratelimit-remaining')).toBe('99');
    // A block is an eighth of what is left (12 of 100): the next eleven cost no Redis call.
    expect(await counter(tenant, '100/60')).toBe(12);
    const second = await one.get(tenant, own);
    expect(second.headers.get('ratelimit-remaining')).toBe('98');
    expect(await counter(tenant, '100/60')).toBe(12);

    const rest = await Promise.all(Array.from({ length: 108 }, () => one.get(tenant, own)));
    expect(2 + admittedOf(rest)).toBe(100);
    expect(await counter(tenant, '100/60')).toBe(100);
    const refused = rest.find((r) => r.status === 429)!;
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-limit')).toBe('100');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await one.redisErrors()).toBe(0);
  });

  it('never admits more than the budget across replicas, and spends what they hold', async () => {
    // One request at a time, alternating: every block a replica takes is spent.
    const alternating = `alternating-${run}`;
    const own = { 'x-own-budget': '100/60' };
    const seq: Response[] = [];
    for (let i = 0; i < 130; i += 1) seq.push(await (i % 2 ? two : one).get(alternating, own));
    expect(admittedOf(seq)).toBe(100);
    expect(await counter(alternating, '100/60')).toBe(100);

    // All at once, half on each: a replica may be left holding part of one block (under 12).
    const burst = `burst-${run}`;
    const all = await Promise.all(
      Array.from({ length: 130 }, (_, i) => (i % 2 ? two : one).get(burst, own)),
    );
    expect(admittedOf(all)).toBeLessThanOrEqual(100);
    expect(admittedOf(all)).toBeGreaterThan(100 - 12);
    expect(await counter(burst, '100/60')).toBe(100);
  });

  it('counts exactly at every request with blocks of one', async () => {
    const tenant = `exact-${run}`;
    const own = { 'x-own-budget': '20/60' };
    let admitted = 0;
    for (let i = 0; i < 25; i += 1) {
      const res = await (i % 2 ? exactTwo : exactOne).get(tenant, own);
      if (res.status === 200) admitted += 1;
      expect(res.headers.get('ratelimit-remaining')).toBe(String(20 - admitted));
      expect(await counter(tenant, '20/60')).toBe(admitted);
    }
    expect(admitted).toBe(20);
  });

  it('gives a client near its budget blocks of one', async () => {
    const tenant = `near-${run}`;
    const own = { 'x-own-budget': '15/60' };
    // An eighth of 15 is under one point: every request asks Redis, on either replica.
    for (let i = 1; i <= 3; i += 1) {
      expect((await (i % 2 ? two : one).get(tenant, own)).status).toBe(200);
      expect(await counter(tenant, '15/60')).toBe(i);
    }
  });

  it("honours tenants' own budgets and overrides across replicas", async () => {
    const tenant = `own-blocks-${run}`;
    const own = { 'x-own-budget': '40/60' };
    const all = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? two : one).get(tenant, own)),
    );
    expect(admittedOf(all)).toBeLessThanOrEqual(40);
    expect(all.every((r) => r.headers.get('ratelimit-limit') === '40')).toBe(true);

    const clamped = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 ? two : one).get(overridden, { 'x-own-budget': '100/60' }),
      ),
    );
    expect(admittedOf(clamped)).toBe(0);
    expect(clamped[0]!.headers.get('ratelimit-limit')).toBe('2');
  });

  it('charges a bulk request from the local block and Redis together, whole or not at all', async () => {
    const tenant = `bulk-${run}`;
    const own = { 'x-own-budget': '100/60' };
    expect((await one.batch(tenant, 1, own)).status).toBe(201); // holds 11 more
    const fifty = await one.batch(tenant, 50, own);
    expect(fifty.status).toBe(201);
    expect(fifty.headers.get('ratelimit-remaining')).toBe('49');
    // Its first point is spent like any request's; the other 49 do not fit in the 48 left.
    const refused = await one.batch(tenant, 50, own);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-remaining')).toBe('48');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const last = await one.batch(tenant, 48, own);
    expect(last.status).toBe(201);
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
    expect(await counter(tenant, '100/60')).toBe(100);
  });

  it('starts each window afresh: a spent budget comes back, unspent points do not carry over', async () => {
    const tenant = `rollover-${run}`;
    // Three-second windows: a busy machine does not end one between two requests meant for it.
    const own = { 'x-own-budget': '100/3' };
    const untilNextWindow = async (budget: string) =>
      new Promise((resolve) =>
        redis
          .pttl(`ratelimit:${budget}:tenant:${tenant}`)
          .then((ms) => setTimeout(resolve, Math.max(0, ms) + 50)),
      );

    // The replica holds 11 unspent points when the window ends...
    expect((await one.get(tenant, own)).status).toBe(200);
    expect(await counter(tenant, '100/3')).toBe(12);
    await untilNextWindow('100/3');
    // ...and drops them: the next request takes a block of the new window.
    const next = await one.get(tenant, own);
    expect(next.status).toBe(200);
    expect(next.headers.get('ratelimit-remaining')).toBe('99');
    expect(await counter(tenant, '100/3')).toBe(12);

    const spent = { 'x-own-budget': '3/3' };
    const seq: number[] = [];
    for (let i = 0; i < 4; i += 1) seq.push((await one.get(tenant, spent)).status);
    expect(seq).toEqual([200, 200, 200, 429]);
    await untilNextWindow('3/3');
    const again = await one.get(tenant, spent);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('2');
  });
});

describe('rate limits while Redis is unreachable', () => {
  let redis: Redis;
  let app: Awaited<ReturnType<typeof serve>>;
  let warnings: string[];

  beforeAll(async () => {
    const recording = recordingLogger();
    warnings = recording.warnings;
    redis = createRedisClient({ url: `redis://127.0.0.1:${await freePort()}`, log: recording.log });
    app = await serve(redis, recording.log);
  });

  afterAll(async () => {
    await new Promise((resolve) => app.server.close(resolve));
    await closeRedis(redis);
  });

  it('limits in memory instead, counts every Redis error and warns once', async () => {
    const tenant = `cut-${run}`;
    const seq = [];
    for (let i = 0; i < 4; i += 1) seq.push((await app.get(tenant)).status);
    expect(seq).toEqual([200, 200, 200, 429]);
    expect(await app.redisErrors()).toBe(4);
    expect(warnings.filter((w) => w.startsWith('rate limiter cannot reach redis'))).toHaveLength(1);
  });
});
