import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { problemHandler } from '@switchboard/http';
import { createLogger, createMetrics, type Logger } from '@switchboard/observability';
import { freePort } from '@switchboard/testing';
import { setClientRateLimit } from '../src/rate-limit/client-rate-limit';
import { rateLimiter } from '../src/rate-limit/rate-limiter.middleware';
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

async function serve(redis: Redis, log: Logger) {
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
      subjectOf: (req) => ({ kind: 'tenant', id: req.get('x-tenant') ?? 'none' }),
      metrics,
      log,
    }),
  );
  app.get('/api/things', (_req, res) => void res.json([]));
  app.use(problemHandler(log));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (tenant: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/things`, { headers: { 'x-tenant': tenant, ...headers } });
  const redisErrors = async () => {
    const metric = await metrics.registry.getSingleMetricAsString(
      'rate_limiter_redis_errors_total',
    );
    return Number(/ (\d+)$/m.exec(metric)?.[1] ?? 0);
  };
  return { server, get, redisErrors };
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
