import type { Problem } from '@switchboard/contracts';
import { eventually, freePort, startApp, type RunningApp } from '@switchboard/testing';
import { uniquePhone } from '../api-client';
import { call, clientAddress, smsTo } from './resilience-client';
import type { ResilienceStack } from './resilience-stack';

/** Per-client budgets, on a gateway of its own with a small one. */
export function describeRateLimits(suite: ResilienceStack): void {
  describe('rate limits', () => {
    let limited: RunningApp;

    beforeAll(async () => {
      const { stack } = suite;
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
}
