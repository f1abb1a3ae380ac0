import fc from 'fast-check';
import { RUNS, WEBHOOK_PATHS, expectWellFormed, post, serveWebhooks } from './fuzz-harness';
import { plausibleTwilio } from './webhook-arbitraries';

/** Random raw bodies with random content types. */
const rawBody = fc.record({
  body: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.json(),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  ),
  type: fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/octet-stream',
    'application/json; charset=utf-16',
  ),
});

describe('every webhook route under generated input', () => {
  describe('with verification off (development), so every body reaches its parser', () => {
    const target = serveWebhooks(false);

    it('raw bytes with any content type never make a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...WEBHOOK_PATHS),
          rawBody,
          async (path, { body, type }) => {
            const answer = await post(target.base, path, Buffer.from(body, 'latin1'), {
              'content-type': type,
            });
            expectWellFormed(answer, [200, 204]);
          },
        ),
        { numRuns: RUNS },
      );
    });
  });

  describe('with verification on, as in production', () => {
    const target = serveWebhooks(true);

    const headerValue = fc.string({
      unit: fc.constantFrom(...'abcXYZ019+/=_-. '.split('')),
      maxLength: 120,
    });

    it('forged signatures and secrets are refused (4xx), nothing is published, and secrets never reach the audit log', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...WEBHOOK_PATHS),
          fc.record(
            {
              'x-twilio-signature': headerValue,
              'x-twilio-email-event-webhook-signature': headerValue,
              'x-twilio-email-event-webhook-timestamp': fc.oneof(
                headerValue,
                fc.constant(String(Math.floor(Date.now() / 1000))),
              ),
              authorization: fc.oneof(
                headerValue.map((v) => `Bearer ${v}x`),
                headerValue.map((v) => `Basic ${v}`),
              ),
            },
            { requiredKeys: [] },
          ),
          fc.oneof(
            plausibleTwilio.map((r) => new URLSearchParams(Object.entries(r)).toString()),
            fc.json(),
          ),
          async (path, headers, body) => {
            const before = target.published.length;
            const answer = await post(target.base, path, body, {
              ...headers,
              'content-type': 'application/json',
            });
            expect([400, 401, 403]).toContain(answer.status);
            expectWellFormed(answer, []);
            expect(target.published.length).toBe(before);
            const audit = JSON.stringify(target.logged.at(-1)?.headers ?? {});
            if (headers.authorization) expect(audit).not.toContain(headers.authorization);
            if (headers['x-twilio-signature'] && headers['x-twilio-signature'].length > 3) {
              expect(audit).not.toContain(`"${headers['x-twilio-signature']}"`);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  });
});
