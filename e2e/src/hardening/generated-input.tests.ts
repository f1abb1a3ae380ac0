import fc from 'fast-check';
import type { MessageResource } from '@switchboard/contracts';
import { request } from '../api-client';
import { SECRETS, expectClientError, rand, type HardeningStack } from './hardening-stack';

/** Requests per fuzzed property: the whole suite stays well inside CI's time budget. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** Fields of a message that nothing may change after it was accepted. */
const CONTENT_FIELDS = [
  'id',
  'conversation_id',
  'direction',
  'type',
  'from',
  'to',
  'subject',
  'body',
  'attachments',
  'metadata',
  'timestamp',
  'encoding',
  'segments',
  'created_at',
] as const;
const contentOf = (m: MessageResource) =>
  Object.fromEntries(CONTENT_FIELDS.map((field) => [field, m[field]]));

/**
 * Generated bodies, content types, queries, paths and credentials: none gets a 5xx, and no
 * accepted message changes.
 */
export function describeGeneratedInput(suite: HardeningStack): void {
  describe('generated input never makes a 5xx and never changes or loses an accepted message', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        '',
        '\u0000',
        '\ud800x',
        '\r\nBcc: x@evil.test',
        "' OR 1=1 --",
        '+15551234567',
        'a@b.co',
      ),
      fc.constantFrom(
        'https://127.0.0.1/a.jpg',
        'https://169.254.169.254/',
        'http://example.com/x',
        'https://example.com/y.png',
      ),
    );
    const anyValue = fc.oneof(
      text,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 3 }),
    );
    // Valid sends with generated content, so that some are accepted and checked afterwards.
    const plausible = fc.record(
      {
        from: fc.constant(SECRETS.ourNumber),
        to: fc.integer({ min: 0, max: 9_999_999 }).map((n) => `+1555${String(n).padStart(7, '0')}`),
        body: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
        attachments: fc.array(fc.webUrl({ validSchemes: ['https'] }), { maxLength: 3 }),
        metadata: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), {
          maxKeys: 3,
        }),
        timestamp: fc
          .date({ min: new Date(0), max: new Date(2100, 0, 1), noInvalidDate: true })
          .map((d) => d.toISOString()),
      },
      { requiredKeys: ['from', 'to', 'body'] },
    );
    const sendBody = fc.oneof(
      plausible,
      fc.record(
        {
          from: fc.oneof(
            fc.constantFrom(SECRETS.ourNumber, SECRETS.ourEmail, '+15550001111'),
            anyValue,
          ),
          to: fc.oneof(fc.constantFrom('+1 (555) 010-9999', 'x@example.com'), anyValue),
          type: fc.oneof(fc.constantFrom('sms', 'mms', 'email'), anyValue),
          body: fc.oneof(text, fc.string({ minLength: 1500, maxLength: 1700 }), anyValue),
          subject: fc.oneof(text, anyValue),
          attachments: fc.oneof(fc.array(text, { maxLength: 11 }), anyValue),
          metadata: fc.oneof(
            fc.dictionary(fc.string({ maxLength: 70 }), anyValue, { maxKeys: 4 }),
            anyValue,
          ),
          timestamp: fc.oneof(
            fc.constantFrom('2024-11-01T14:00:00Z', '2024-13-45T99:00:00Z'),
            anyValue,
          ),
          [`extra_${rand()}`]: anyValue,
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 4 }),
    );

    it('JSON bodies at every send route', async () => {
      const { accepted, send } = suite;
      await fc.assert(
        fc.asyncProperty(
          sendBody,
          fc.constantFrom('/api/v1/messages/send', '/api/messages/sms', '/api/messages/email'),
          async (body, path) => {
            const res = await send(JSON.stringify(body), {}, path);
            expectClientError(res, `POST ${path} ${JSON.stringify(body).slice(0, 200)}`);
            expect([201, 307, 400, 413, 422]).toContain(res.status);
            if (res.status === 201) accepted.push(res.body as MessageResource);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('raw bodies and content types', async () => {
      const { send } = suite;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.constantFrom('{', '[]', 'null', '"x"', '{"from":'),
          ),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/json; charset=utf-16',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
          ),
          async (body, type) => {
            const res = await send(body, { 'content-type': type });
            expectClientError(res, `raw ${type}`);
            expect(res.status).toBeGreaterThanOrEqual(400);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('query strings on every list route', async () => {
      const { tenant, before } = suite;
      const keys = fc.constantFrom(
        'limit',
        'cursor',
        'status',
        'type',
        'direction',
        'conversation_id',
        'since',
        'until',
        'participant',
        'x',
      );
      const rawQuery = fc.oneof(
        fc
          .array(fc.tuple(keys, fc.oneof(text, fc.integer().map(String))), { maxLength: 5 })
          .map((pairs) => new URLSearchParams(pairs).toString()),
        fc.constantFrom(
          'limit=%E0%A4%A',
          'a[b]=c',
          'limit=1&limit=2',
          '%',
          'status[]=sent',
          'cursor=%00',
          '&&&=',
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            '/api/v1/messages',
            '/api/v1/conversations',
            '/api/conversations',
            `/api/v1/conversations/${before[0]!.conversation_id}/messages`,
          ),
          rawQuery,
          async (path, query) => {
            const res = await tenant.call(`GET`, `${path}?${query}`);
            expectClientError(res, `GET ${path}?${query}`);
            expect([200, 400]).toContain(res.status);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('path segments and credential headers', async () => {
      const { gateway, tenant } = suite;
      const segment = fc.oneof(
        fc.uuid(),
        fc.string({ maxLength: 40 }).map(encodeURIComponent),
        fc.constantFrom(
          '%E0%A4%A',
          '..%2F..%2Fetc%2Fpasswd',
          '%00',
          '00000000-0000-0000-0000-000000000000',
        ),
      );
      const headerText = fc.string({
        unit: fc.constantFrom(...'abcXYZ019+/=_-. '.split('')),
        maxLength: 80,
      });
      const credentials = fc.oneof(
        fc.constant({ authorization: `Bearer ${tenant.key}` }),
        headerText.map((v) => ({ authorization: v })),
        headerText.map((v) => ({ authorization: `Bearer ${v}` })),
        headerText.map((v) => ({ 'x-api-key': v })),
        headerText.map((v) => ({ 'x-api-key': `sb_live_${v}` })),
        fc.constant({}),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'GET /api/v1/messages/:s',
            'GET /api/v1/messages/:s/events',
            'POST /api/v1/messages/:s/retry',
            'GET /api/v1/conversations/:s',
            'GET /api/v1/conversations/:s/messages',
            'GET /api/v1/:s',
            'POST /api/:s',
          ),
          segment,
          credentials,
          async (route, value, headers) => {
            const [method, template] = route.split(' ') as [string, string];
            const res = await request(gateway, method, template.replace(':s', value), { headers });
            expectClientError(res, `${method} ${template} ${value} ${JSON.stringify(headers)}`);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('left the messages accepted before and during the fuzzing exactly as they were', async () => {
      const { tenant, before, accepted } = suite;
      for (const original of [...before, ...accepted]) {
        const now = await tenant.call<MessageResource>('GET', `/api/v1/messages/${original.id}`);
        expect(now.status).toBe(200);
        expect(contentOf(now.body)).toEqual(contentOf(original));
      }
      expect(accepted.length).toBeGreaterThan(0);
    });
  });
}
