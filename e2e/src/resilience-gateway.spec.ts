import http from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import type {
  ConversationResource,
  MessageResource,
  Problem,
  SendBatchResponse,
} from '@switchboard/contracts';
import {
  eventually,
  freePort,
  startApp,
  startStack,
  type RunningApp,
  type Stack,
  hasBeenSent,
  sandboxMessages,
} from '@switchboard/testing';
import { DEVELOPMENT_TENANT } from '@switchboard/contracts';
import Redis from 'ioredis';
import { uniquePhone } from './api-client';

// Idempotency keys and rate limits against the real stack and the shared Redis. Other suites and
// earlier runs use the same Redis: every key is unique to the run, and each rate-limited client
// calls from its own loopback address (127.x.y.z), so no budget is shared with anyone else.

interface Answer<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

/** One HTTP call, from `localAddress` when given (a rate-limited client is its address). */
function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; from?: string } = {},
): Promise<Answer<T>> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      {
        method,
        localAddress: options.from,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A loopback address no other client of this run uses. */
const clientAddress = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
const newKey = () => `resilience-${randomUUID()}`;
const smsTo = (to: string, body = 'Hello once') => ({
  from: '+15551234567',
  to,
  type: 'sms',
  body,
});

/** The value of one sample in the Prometheus text format, 0 when absent. */
async function metric(base: string, name: string): Promise<number> {
  const text = (await call<string>(base, 'GET', '/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the gateway under retries and load (Idempotency-Key, rate limits)', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    stack = await startStack();
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const sandboxMessagesTo = (to: string) => sandboxMessages(sandbox, { to });

  /** Waits for the message to be sent, then checks its conversation holds it alone. */
  async function expectSentOnce(message: MessageResource): Promise<void> {
    await eventually(
      async () =>
        (await call<MessageResource>(gateway, 'GET', `/api/v1/messages/${message.id}`)).body,
      hasBeenSent,
      { what: 'message sent' },
    );
    const conversation = await call<ConversationResource>(
      gateway,
      'GET',
      `/api/v1/conversations/${message.conversation_id}`,
    );
    expect(conversation.body.message_count).toBe(1);
    expect(await sandboxMessagesTo(message.to)).toHaveLength(1);
  }

  describe('Idempotency-Key', () => {
    it('replays the first answer to a retry, and the provider receives the message once', async () => {
      const to = uniquePhone();
      const headers = { 'Idempotency-Key': newKey() };
      const first = await call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: smsTo(to),
        headers,
      });
      expect(first.status).toBe(201);
      expect(first.headers['idempotency-replayed']).toBeUndefined();

      // The same request again, keys reordered: the same request all the same.
      const { body: text, type, from } = smsTo(to);
      const retry = await call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: { to, type, from, body: text },
        headers,
      });
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.headers['location']).toBe(first.headers['location']);
      expect(retry.headers['content-type']).toMatch(/^application\/json/);
      expect(retry.body).toEqual(first.body);

      await expectSentOnce(first.body);
    });

    it('lets exactly one of concurrent requests with one key run; the others wait or replay', async () => {
      const to = uniquePhone();
      const headers = { 'Idempotency-Key': newKey() };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          call<MessageResource | Problem>(gateway, 'POST', '/api/v1/messages/send', {
            body: smsTo(to),
            headers,
          }),
        ),
      );
      const original = answers.filter(
        (a) => a.status === 201 && a.headers['idempotency-replayed'] === undefined,
      );
      const others = answers.filter((a) => !original.includes(a));
      expect(original).toHaveLength(1);
      for (const other of others) {
        if (other.status === 201) {
          expect(other.headers['idempotency-replayed']).toBe('true');
          expect(other.body).toEqual(original[0]!.body);
        } else {
          expect(other.status).toBe(409);
          expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(Number(other.headers['retry-after'])).toBeGreaterThan(0);
          expect((other.body as Problem).type).toBe('urn:switchboard:problem:conflict');
        }
      }
      await expectSentOnce(original[0]!.body as MessageResource);
    });

    it('refuses the key for a different request with 422', async () => {
      const to = uniquePhone();
      const headers = { 'Idempotency-Key': newKey() };
      const path = '/api/v1/messages/send';
      expect((await call(gateway, 'POST', path, { body: smsTo(to), headers })).status).toBe(201);

      const otherBody = await call<Problem>(gateway, 'POST', path, {
        body: smsTo(to, 'Hello twice'),
        headers,
      });
      expect(otherBody.status).toBe(422);
      expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(otherBody.body).toMatchObject({
        type: 'urn:switchboard:problem:unprocessable',
        status: 422,
        detail: expect.stringContaining('Idempotency-Key'),
      });

      // The same body on another route is another request too.
      const otherRoute = await call(gateway, 'POST', '/api/messages/sms', {
        body: smsTo(to),
        headers,
      });
      expect(otherRoute.status).toBe(422);
    });

    it('finds the message of a send retried after its answer was lost, instead of storing another', async () => {
      const to = uniquePhone();
      const key = newKey();
      const headers = { 'Idempotency-Key': key };
      const first = await call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: smsTo(to),
        headers,
      });
      expect(first.status).toBe(201);
      // The gateway frees a key when it answers 503 (conversation-service too slow to answer),
      // although the message may have been stored: the retry then reaches conversation-service.
      const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
      try {
        expect(await redis.del(`idempotency:${DEVELOPMENT_TENANT}:${key}`)).toBe(1);
      } finally {
        await redis.quit();
      }

      const retry = await call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        body: smsTo(to),
        headers,
      });
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replayed']).toBeUndefined();
      expect(retry.body.id).toBe(first.body.id);
      await expectSentOnce(first.body);
    });

    it('replays a whole batch to a retry with its key: every message stored and sent once', async () => {
      const [a, b] = [uniquePhone(), uniquePhone()];
      const headers = { 'Idempotency-Key': newKey() };
      const batch = { messages: [smsTo(a, 'batch one'), smsTo(b, 'batch two'), { to: 'nope' }] };
      const first = await call<SendBatchResponse>(gateway, 'POST', '/api/v1/messages/batch', {
        body: batch,
        headers,
      });
      expect(first.status).toBe(207);
      expect(first.body.results.map((r) => r.status)).toEqual([201, 201, 400]);

      const retry = await call<SendBatchResponse>(gateway, 'POST', '/api/v1/messages/batch', {
        body: batch,
        headers,
      });
      expect(retry.status).toBe(207);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);

      for (const result of first.body.results.slice(0, 2)) {
        await expectSentOnce((result as { message: MessageResource }).message);
      }
      // Another batch under the same key is refused, not stored.
      const other = await call<Problem>(gateway, 'POST', '/api/v1/messages/batch', {
        body: { messages: [smsTo(a, 'batch one')] },
        headers,
      });
      expect(other.status).toBe(422);
    });

    it('treats different keys as different requests', async () => {
      const to = uniquePhone();
      const send = () =>
        call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
          body: smsTo(to),
          headers: { 'Idempotency-Key': newKey() },
        });
      const [one, two] = [await send(), await send()];
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(two.headers['idempotency-replayed']).toBeUndefined();
      expect(two.body.id).not.toBe(one.body.id);
      await eventually(
        () => sandboxMessagesTo(to),
        (records) => records.length === 2,
        { what: 'two messages at the provider' },
      );
    });

    it('replays a validation error too: a 4xx is a final answer', async () => {
      const headers = { 'Idempotency-Key': newKey() };
      const path = '/api/v1/messages/send';
      const bad = { from: '+15551234567', to: 'not a number', body: 'Hi' };
      const first = await call<Problem>(gateway, 'POST', path, { body: bad, headers });
      expect(first.status).toBe(400);
      const again = await call<Problem>(gateway, 'POST', path, { body: bad, headers });
      expect(again.status).toBe(400);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.body).toEqual(first.body);
    });

    it('replays the compatible routes too, through the redirect of an email posted to /sms', async () => {
      const to = `resilience-${randomUUID()}@example.com`;
      const headers = { 'Idempotency-Key': newKey() };
      const email = { from: 'team@example.com', to, type: 'email', subject: 'Hi', body: 'Hello' };
      // fetch follows the 307 with the same method, body and headers, key included.
      const post = () =>
        fetch(`${gateway}/api/messages/sms`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(email),
        });
      const first = await post();
      expect(first.status).toBe(201);
      const stored = (await first.json()) as MessageResource;
      const retry = await post();
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(((await retry.json()) as MessageResource).id).toBe(stored.id);
    });

    it('answers 400 naming the header for a key longer than 255 characters', async () => {
      const path = '/api/v1/messages/send';
      const body = smsTo(uniquePhone());
      const tooLong = await call<Problem>(gateway, 'POST', path, {
        body,
        headers: { 'Idempotency-Key': 'k'.repeat(256) },
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(tooLong.body.errors).toEqual([
        { field: 'Idempotency-Key', message: 'must be at most 255 characters' },
      ]);

      const longest = await call(gateway, 'POST', path, {
        body,
        headers: { 'Idempotency-Key': `${newKey()}-`.padEnd(255, 'k') },
      });
      expect(longest.status).toBe(201);
    });

    it('changes nothing for requests without a key', async () => {
      const to = uniquePhone();
      const send = () =>
        call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', { body: smsTo(to) });
      const [one, two] = [await send(), await send()];
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(two.body.id).not.toBe(one.body.id);
      expect(two.headers['idempotency-replayed']).toBeUndefined();
    });
  });

  describe('rate limits', () => {
    let limited: RunningApp;

    beforeAll(async () => {
      limited = startApp('gateway', await freePort(), {
        ...stack.envOf('gateway'),
        RATE_LIMIT_REQUESTS: '5',
        RATE_LIMIT_PERIOD: '60',
      });
      await eventually(
        () => call(limited.url, 'GET', '/health').catch(() => ({ status: 0 })),
        (res) => res.status === 200,
        { what: 'the rate-limited gateway up' },
      );
    });

    afterAll(async () => {
      await limited?.stop();
    });

    it('tells each client its budget, and refuses with 429 and Retry-After once it is spent', async () => {
      const from = clientAddress();
      const list = () => call(limited.url, 'GET', '/api/v1/messages?limit=1', { from });
      for (let i = 1; i <= 5; i += 1) {
        const res = await list();
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBe('5');
        expect(res.headers['ratelimit-remaining']).toBe(String(5 - i));
        expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
        expect(Number(res.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
      }

      const refused = await call<Problem>(limited.url, 'POST', '/api/v1/messages/send', {
        from,
        body: smsTo(uniquePhone()),
      });
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: 'urn:switchboard:problem:rate_limited',
        status: 429,
        instance: '/api/v1/messages/send',
      });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers['ratelimit-limit']).toBe('5');
      expect(refused.headers['ratelimit-remaining']).toBe('0');

      // Another client keeps its own budget, and operations endpoints are never limited.
      expect(
        (await call(limited.url, 'GET', '/api/v1/messages?limit=1', { from: clientAddress() }))
          .status,
      ).toBe(200);
      for (const path of ['/health', '/ready', '/metrics', '/api/v1/openapi.json']) {
        const res = await call(limited.url, 'GET', path, { from });
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    });
  });

  describe('while Redis is unreachable', () => {
    let cut: RunningApp;

    beforeAll(async () => {
      // A gateway of its own pointed at a port nothing listens on: the shared Redis stays up.
      cut = startApp('gateway', await freePort(), {
        ...stack.envOf('gateway'),
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      });
      await eventually(
        () => call(cut.url, 'GET', '/health').catch(() => ({ status: 0 })),
        (res) => res.status === 200,
        { what: 'the cut-off gateway up' },
      );
    });

    afterAll(async () => {
      await cut?.stop();
    });

    it('serves requests without a key, limiting in memory and counting the Redis errors', async () => {
      const before = await metric(cut.url, 'rate_limiter_redis_errors_total');
      const sent = await call<MessageResource>(cut.url, 'POST', '/api/v1/messages/send', {
        body: smsTo(uniquePhone()),
      });
      expect(sent.status).toBe(201);
      expect(sent.headers['ratelimit-limit']).toBe('1000');
      expect((await call(cut.url, 'GET', `/api/v1/messages/${sent.body.id}`)).status).toBe(200);
      expect(await metric(cut.url, 'rate_limiter_redis_errors_total')).toBeGreaterThanOrEqual(
        before + 2,
      );
    });

    it('answers 503 to a request with a key: it cannot promise to run it once', async () => {
      const to = uniquePhone();
      const refused = await call<Problem>(cut.url, 'POST', '/api/v1/messages/send', {
        body: smsTo(to),
        headers: { 'Idempotency-Key': newKey() },
      });
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({
        type: 'urn:switchboard:problem:unavailable',
        detail: expect.stringContaining('Idempotency-Key'),
      });
      expect(await metric(cut.url, 'idempotency_redis_errors_total')).toBeGreaterThan(0);
      expect(await sandboxMessagesTo(to)).toEqual([]);
    });

    it('reports Redis degraded on /ready but stays in rotation', async () => {
      const ready = await call<{ checks: Record<string, { status: string }> }>(
        cut.url,
        'GET',
        '/ready',
      );
      expect(ready.status).toBe(200);
      expect(ready.body.checks['redis']?.status).toBe('degraded');
      expect(ready.body.checks['nats']?.status).toBe('up');
    });

    it('warns about it in the log once, not once per request', () => {
      const warnings = cut
        .output()
        .split('\n')
        .filter((line) => line.includes('rate limiter cannot reach redis'));
      expect(warnings).toHaveLength(1);
    });
  });
});
