import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { loadConfig } from '@switchboard/config';
import { InboundMessageEvent, StatusEvent, isStorableText } from '@switchboard/contracts';
import { createHttpService } from '@switchboard/http';
import { Counter, createLogger, createMetrics } from '@switchboard/observability';
import { webhookIngestConfigSchema } from './config';
import type { IngestDeps } from './ingest';
import type { NormalizedWebhook } from './normalize/normalized-webhook';
import { compatWebhooksRouter } from './routes/compat.routes';
import { sendGridRouter } from './routes/sendgrid.routes';
import { twilioRouter } from './routes/twilio.routes';
import type { WebhookLogRepository } from './webhook-log.repository';

/*
 * Property-based tests of webhook-ingest's parsers, through HTTP against the real routers, with
 * the audit log and the event publisher replaced by in-memory fakes (the parsers are what is
 * under test; the real log and JetStream are covered by the e2e suites). Whatever arrives, the
 * answer is a 2xx or a problem+json 4xx — never a 5xx, which would make the provider retry a
 * poison webhook forever — and whatever is accepted is a contract event that can be stored.
 */

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);

/** Every string inside a value can be stored by PostgreSQL as it is. */
function storable(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(storable);
  if (value && typeof value === 'object') return Object.values(value).every(storable);
  return true;
}

function startApp(verify: boolean) {
  const published: NormalizedWebhook[] = [];
  const logged: { body: string | null; headers: Record<string, string> }[] = [];
  const logs: WebhookLogRepository = {
    insert: async (entry) => {
      logged.push({ body: entry.body, headers: entry.headers });
      return String(logged.length);
    },
    complete: async () => undefined,
  };
  const metrics = createMetrics('webhook-ingest');
  const deps: IngestDeps = {
    logs,
    publish: async (events) => {
      // What the real publisher would refuse (publishEvent validates), or what the database
      // could not store, must never be accepted: the test fails as if it were a 5xx.
      for (const e of events.statuses) StatusEvent.parse(e);
      for (const e of events.inbound) InboundMessageEvent.parse(e);
      if (!storable(events)) throw new Error('accepted an event that cannot be stored');
      published.push(events);
      return { published: events.statuses.length + events.inbound.length, duplicates: 0 };
    },
    received: new Counter({
      name: 'webhooks_received_total',
      help: 'test',
      labelNames: ['provider', 'outcome'],
      registers: [metrics.registry],
    }),
    log: createLogger({ service: 'webhook-ingest', level: 'silent' }),
    refusals: { record: async () => undefined },
  };
  const config = loadConfig(webhookIngestConfigSchema, {
    WEBHOOK_VERIFY: verify ? 'true' : 'false',
    ENVIRONMENT: 'test',
  });
  const http = createHttpService({
    log: deps.log,
    metrics,
    checks: {},
    routes: (app) => {
      app.use('/api/v1/webhooks/twilio', twilioRouter(config, deps));
      app.use('/api/v1/webhooks/sendgrid', sendGridRouter(config, deps));
      app.use('/api/webhooks', compatWebhooksRouter(config, deps));
    },
  });
  return { app: http.app, published, logged };
}

async function listen(app: ReturnType<typeof startApp>['app']) {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

async function post(
  base: string,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

/** The property every answer must have. */
function expectWellFormed(answer: Answer, accepted: readonly number[]): void {
  if (answer.status >= 500 || (answer.status < 400 && !accepted.includes(answer.status))) {
    throw new Error(`unexpected ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  if (answer.status >= 400) {
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ status: answer.status });
  }
}

// Values a provider (or an attacker) might put in a field: any text, control characters and
// lone surrogates included, numbers-ish, huge, empty.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 5 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '+15551234567', 'a@b.co', '-1', '1e309', 'NaN'),
  fc.string({ unit: 'grapheme-composite', minLength: 200, maxLength: 400 }),
  fc.string({ minLength: 2000, maxLength: 3000 }),
);
const twilioKeys = fc.constantFrom(
  'MessageSid',
  'SmsStatus',
  'MessageStatus',
  'From',
  'To',
  'Body',
  'NumMedia',
  'MediaUrl0',
  'MediaUrl1',
  'ErrorCode',
  'ErrorMessage',
  'AccountSid',
);
const twilioForm = fc.array(fc.tuple(fc.oneof(twilioKeys, fc.string({ maxLength: 8 })), anyText), {
  maxLength: 12,
});
const plausibleTwilio = fc.record({
  MessageSid: fc.oneof(fc.constant(`SM${'a'.repeat(32)}`), anyText),
  From: fc.oneof(fc.constant('+15551234567'), anyText),
  To: fc.oneof(fc.constant('+15557654321'), anyText),
  Body: anyText,
  SmsStatus: fc.constantFrom('received', 'sent', 'delivered', 'failed', 'weird', ''),
  NumMedia: fc.oneof(fc.constantFrom('0', '1', '2', '99999', '-3', 'x'), anyText),
  MediaUrl0: anyText,
});

const sendGridEvent = fc.record(
  {
    event: fc.oneof(
      fc.constantFrom('processed', 'delivered', 'bounce', 'open', 'deferred'),
      anyText,
    ),
    sg_event_id: anyText,
    sg_message_id: anyText,
    timestamp: fc.oneof(fc.integer(), fc.double(), fc.constant(1e20), fc.constant(-1e20)),
    reason: anyText,
    status: anyText,
    switchboard_message_id: fc.oneof(fc.uuid(), anyText),
  },
  { requiredKeys: [] },
);

const compatSms = fc.record(
  {
    from: anyText,
    to: anyText,
    type: fc.constantFrom('sms', 'mms', 'email', 'x'),
    messaging_provider_id: anyText,
    body: anyText,
    attachments: fc.oneof(fc.constant(null), fc.array(anyText, { maxLength: 12 })),
    timestamp: fc.oneof(fc.constant('2024-11-01T14:00:00Z'), anyText),
  },
  { requiredKeys: [] },
);
const compatEmail = fc.record(
  {
    from: anyText,
    to: anyText,
    xillio_id: anyText,
    body: anyText,
    attachments: fc.oneof(fc.constant(null), fc.array(anyText, { maxLength: 12 })),
    timestamp: fc.oneof(fc.constant('2024-11-01T14:00:00Z'), anyText),
  },
  { requiredKeys: [] },
);

/** A multipart/form-data body by hand, so boundaries and field contents can be anything. */
function multipart(fields: readonly [string, string][], boundary = 'fuzzboundary'): Buffer {
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '')}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
}
const inboundParseFields = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom('from', 'to', 'subject', 'text', 'html', 'envelope', 'headers'),
      fc.string({ maxLength: 6 }),
    ),
    fc.oneof(
      anyText,
      fc.constant('Jane <jane@example.com>'),
      fc.constant('{"to":["support@example.com"],"from":"jane@example.com"}'),
      fc.constant('Message-ID: <abc@example.com>\r\nSubject: hi'),
    ),
  ),
  { maxLength: 10 },
);

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

describe('webhook-ingest parsers under generated input', () => {
  describe('with verification off (development), so every body reaches its parser', () => {
    const ctx = startApp(false);
    let base: string;
    let server: Server;
    beforeAll(async () => ({ server, base } = await listen(ctx.app)));
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('Twilio: any form answers TwiML or a 400 problem, and accepted ones are valid events', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            twilioForm,
            plausibleTwilio.map((r) => Object.entries(r)),
          ),
          async (pairs) => {
            const body = new URLSearchParams(pairs as [string, string][]).toString();
            const answer = await post(base, '/api/v1/webhooks/twilio', body, {
              'content-type': 'application/x-www-form-urlencoded',
            });
            expectWellFormed(answer, [200]);
            if (answer.status === 200) expect(answer.type).toContain('text/xml');
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('SendGrid events: any JSON answers 204 or a 400 problem', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.array(sendGridEvent, { maxLength: 5 }), fc.jsonValue(), sendGridEvent),
          async (payload) => {
            const answer = await post(base, '/api/v1/webhooks/sendgrid', JSON.stringify(payload), {
              'content-type': 'application/json',
            });
            expectWellFormed(answer, [204]);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('Inbound Parse: any multipart form answers 200 or a 400 problem', async () => {
      await fc.assert(
        fc.asyncProperty(inboundParseFields, async (fields) => {
          const answer = await post(base, '/api/v1/webhooks/sendgrid/inbound', multipart(fields), {
            'content-type': 'multipart/form-data; boundary=fuzzboundary',
          });
          expectWellFormed(answer, [200]);
        }),
        { numRuns: RUNS },
      );
    });

    it('compatible inbound routes: any JSON answers 200 or a 400 problem', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/api/webhooks/sms', '/api/webhooks/email'),
          fc.oneof(compatSms, compatEmail, fc.jsonValue()),
          async (path, payload) => {
            const answer = await post(base, path, JSON.stringify(payload), {
              'content-type': 'application/json',
            });
            expectWellFormed(answer, [200]);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('any route: raw bytes with any content type never make a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            '/api/v1/webhooks/twilio',
            '/api/v1/webhooks/sendgrid',
            '/api/v1/webhooks/sendgrid/inbound',
            '/api/webhooks/sms',
            '/api/webhooks/email',
          ),
          rawBody,
          async (path, { body, type }) => {
            const answer = await post(base, path, Buffer.from(body, 'latin1'), {
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
    const ctx = startApp(true);
    let base: string;
    let server: Server;
    beforeAll(async () => ({ server, base } = await listen(ctx.app)));
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const headerValue = fc.string({
      unit: fc.constantFrom(...'abcXYZ019+/=_-. '.split('')),
      maxLength: 120,
    });

    it('forged signatures and secrets are refused (4xx), nothing is published, and secrets never reach the audit log', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            '/api/v1/webhooks/twilio',
            '/api/v1/webhooks/sendgrid',
            '/api/v1/webhooks/sendgrid/inbound',
            '/api/webhooks/sms',
            '/api/webhooks/email',
          ),
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
            const before = ctx.published.length;
            const answer = await post(base, path, body, {
              ...headers,
              'content-type': 'application/json',
            });
            expect([400, 401, 403]).toContain(answer.status);
            expectWellFormed(answer, []);
            expect(ctx.published.length).toBe(before);
            const audit = JSON.stringify(ctx.logged.at(-1)?.headers ?? {});
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
