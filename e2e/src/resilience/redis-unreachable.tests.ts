import type { MessageResource, Problem } from '@switchboard/contracts';
import { eventually, freePort, startApp, type RunningApp } from '@switchboard/testing';
import { uniquePhone } from '../api-client';
import { call, metric, newKey, smsTo } from './resilience-client';
import type { ResilienceStack } from './resilience-stack';

/** A gateway whose Redis is unreachable: it serves what it can promise and says so. */
export function describeRedisUnreachable(suite: ResilienceStack): void {
  describe('while Redis is unreachable', () => {
    let cut: RunningApp;

    beforeAll(async () => {
      const { stack } = suite;
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
      const { sandboxMessagesTo } = suite;
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
}
