import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import {
  DEVELOPMENT_TENANT,
  type MessageResource,
  type Problem,
  type SendBatchResponse,
} from '@switchboard/contracts';
import { eventually } from '@switchboard/testing';
import { uniquePhone } from '../api-client';
import { call, newKey, smsTo } from './resilience-client';
import type { ResilienceStack } from './resilience-stack';

/** Retries with an Idempotency-Key: replayed, never run twice, refused for another request. */
export function describeIdempotencyKey(suite: ResilienceStack): void {
  describe('Idempotency-Key', () => {
    it('replays the first answer to a retry, and the provider receives the message once', async () => {
      const { gateway, expectSentOnce } = suite;
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
      const { gateway, expectSentOnce } = suite;
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
      const { gateway } = suite;
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
      const { gateway, expectSentOnce } = suite;
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
      const { gateway, expectSentOnce } = suite;
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
      const { gateway, sandboxMessagesTo } = suite;
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
      const { gateway } = suite;
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
      const { gateway } = suite;
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
      const { gateway } = suite;
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
      const { gateway } = suite;
      const to = uniquePhone();
      const send = () =>
        call<MessageResource>(gateway, 'POST', '/api/v1/messages/send', { body: smsTo(to) });
      const [one, two] = [await send(), await send()];
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(two.body.id).not.toBe(one.body.id);
      expect(two.headers['idempotency-replayed']).toBeUndefined();
    });
  });
}
