import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { problemHandler } from '@switchboard/http';
import { createLogger, createMetrics } from '@switchboard/observability';
import { idempotency } from '../src/idempotency/idempotency.middleware';
import { RedisIdempotencyStore } from '../src/idempotency/idempotency-store';
import { closeRedis, createRedisClient, type Redis } from '@switchboard/service';

// The Idempotency-Key middleware against the shared Redis, in front of handlers whose timing
// and answers the test controls. Keys are unique to the run: other suites use the same Redis.

const log = createLogger({ service: 'gateway-test', level: 'silent' });

/** A send route that answers when the test says so, with the status it says. */
function controllableSend() {
  let calls = 0;
  const waiting: Array<() => void> = [];
  let status = 201;
  return {
    handler: async (req: express.Request, res: express.Response) => {
      calls += 1;
      const n = calls;
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (status === 307) return res.redirect(307, '/api/messages/email');
      res
        .status(status)
        .location(`/things/${n}`)
        .json({ n, echo: req.body as unknown });
    },
    answerWith(next: number) {
      status = next;
    },
    releaseAll() {
      waiting.splice(0).forEach((resolve) => resolve());
    },
    get calls() {
      return calls;
    },
  };
}

describe('Idempotency-Key (against Redis)', () => {
  let redis: Redis;
  let server: Server;
  let base: string;
  const send = controllableSend();

  beforeAll(async () => {
    redis = createRedisClient({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', log });
    await once(redis, 'ready');
    const app = express();
    app.use(express.json());
    app.use(
      idempotency({
        store: new RedisIdempotencyStore({ redis, ttlS: 60, leaseMs: 2_000 }),
        tenantOf: (req) => req.get('x-test-tenant') ?? 'tenant-a',
        metrics: createMetrics('gateway-test'),
        log,
      }),
    );
    app.post('/api/v1/messages/send', send.handler);
    app.use(problemHandler(log));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    send.answerWith(201);
    send.releaseAll();
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await closeRedis(redis);
  });

  const post = (key: string | undefined, body: unknown = { to: 'a' }, tenant?: string) =>
    fetch(`${base}/api/v1/messages/send`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
        ...(tenant ? { 'x-test-tenant': tenant } : {}),
      },
      body: JSON.stringify(body),
    });

  /** Resolves once the handler has been entered `n` times in total. */
  const handlerEntered = async (n: number) => {
    while (send.calls < n) await new Promise((r) => setTimeout(r, 5));
  };

  it('answers 409 with Retry-After while the first request is in flight, then replays it', async () => {
    const key = randomUUID();
    const callsBefore = send.calls;
    const first = post(key);
    await handlerEntered(callsBefore + 1);

    const meanwhile = await post(key);
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(meanwhile.headers.get('retry-after')).toBe('1');

    send.releaseAll();
    const original = await first;
    expect(original.status).toBe(201);
    const body = await original.text();

    const replay = await post(key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(original.headers.get('location'));
    expect(await replay.text()).toBe(body);
    expect(send.calls).toBe(callsBefore + 1);
  });

  it('answers 422 to another body with the key, in flight or done', async () => {
    const key = randomUUID();
    const first = post(key, { to: 'a' });
    await handlerEntered(send.calls + 1);
    expect((await post(key, { to: 'b' })).status).toBe(422);
    send.releaseAll();
    expect((await first).status).toBe(201);
    const reused = await post(key, { to: 'b' });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { type: string }).type).toBe(
      'urn:switchboard:problem:unprocessable',
    );
  });

  it('scopes keys by tenant', async () => {
    const key = randomUUID();
    const callsBefore = send.calls;
    const [a, b] = [post(key, { to: 'a' }, 'tenant-a'), post(key, { to: 'b' }, 'tenant-b')];
    await handlerEntered(callsBefore + 2);
    send.releaseAll();
    expect((await a).status).toBe(201);
    expect((await b).status).toBe(201);
    expect((await b).headers.get('idempotency-replayed')).toBeNull();
  });

  it.each([500, 503, 307])(
    'frees the key after a %i, so that a retry runs again',
    async (status) => {
      const key = randomUUID();
      send.answerWith(status);
      const callsBefore = send.calls;
      const failed = post(key);
      await handlerEntered(callsBefore + 1);
      send.releaseAll();
      expect((await failed).status).toBe(status);

      send.answerWith(201);
      const retried = post(key);
      await handlerEntered(callsBefore + 2);
      send.releaseAll();
      const answer = await retried;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('idempotency-replayed')).toBeNull();
    },
  );

  it('does not let a request whose lease expired overwrite the one that took the key over', async () => {
    const key = randomUUID();
    const callsBefore = send.calls;
    const slow = post(key, { to: 'slow' });
    await handlerEntered(callsBefore + 1);
    await new Promise((r) => setTimeout(r, 2_200)); // past the 2 s lease
    const takeover = post(key, { to: 'slow' });
    await handlerEntered(callsBefore + 2);
    send.releaseAll();
    const [late, winner] = [await slow, await takeover];
    expect([late.status, winner.status]).toEqual([201, 201]);
    const replay = await post(key, { to: 'slow' });
    expect(await replay.json()).toEqual(await winner.json());
  });

  it('lets requests without a key through untouched', async () => {
    const callsBefore = send.calls;
    const [one, two] = [post(undefined), post(undefined)];
    await handlerEntered(callsBefore + 2);
    send.releaseAll();
    expect([(await one).status, (await two).status]).toEqual([201, 201]);
    expect((await two).headers.get('idempotency-replayed')).toBeNull();
  });

  it('refuses keys that are empty, too long or not printable ASCII, naming the header', async () => {
    for (const key of ['', 'k'.repeat(256), 'caf\u00e9']) {
      const res = await fetch(`${base}/api/v1/messages/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: '{}',
      });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: Array<{ field: string }> };
      expect(problem.errors.map((e) => e.field)).toEqual(['Idempotency-Key']);
    }
  });
});
