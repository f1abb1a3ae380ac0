import type { MessageResource } from '@switchboard/contracts';
import {
  eventually,
  startStack,
  type Stack,
  createTestDatabase,
  type TestDatabase,
} from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { uniquePhone } from './api-client';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

const SpanKinds = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** The JSON log lines an app wrote so far. */
function logLines(stack: Stack, app: Parameters<Stack['url']>[0]): Record<string, unknown>[] {
  return stack.apps[app]
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('one trace across every service, switched on by the standard OTEL_* settings', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  // A database of its own: a stack on a shared one relays other stacks' messages, and they its.
  let database: TestDatabase;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await createTestDatabase();
    stack = await startStack({
      env: {
        DATABASE_URL: database.url,
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
    await receiver?.close();
  });

  it('follows one SMS from the API through the outbox and the dispatcher to the provider call', async () => {
    const requestId = `e2e-${randomUUID()}`;
    const res = await fetch(`${stack.url('gateway')}/api/v1/messages/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        from: '+15551234567',
        to: uniquePhone(),
        type: 'sms',
        body: 'traced',
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const message = (await res.json()) as MessageResource;

    await eventually(
      async () =>
        (await (
          await fetch(`${stack.url('gateway')}/api/v1/messages/${message.id}`)
        ).json()) as MessageResource,
      (m) => m.status === 'delivered',
      { what: 'message delivered' },
    );

    // The request's server span in the gateway names the trace everything else must share.
    const entry = await eventually(
      async () =>
        receiver
          .spans()
          .find(
            (s) =>
              s.service === 'gateway' &&
              s.kind === SpanKinds.server &&
              s.attributes['switchboard.request_id'] === requestId,
          ),
      (s) => s !== undefined,
      { what: 'the gateway span of the request' },
    );
    const traceId = entry!.traceId;
    const inTrace = () => receiver.spans().filter((s) => s.traceId === traceId);
    const find = (service: string, kind: number, test: (s: ReceivedSpan) => boolean) =>
      inTrace().find((s) => s.service === service && s.kind === kind && test(s));

    const expected = {
      'gateway → conversation-service request': () =>
        find('gateway', SpanKinds.client, (s) => s.name === 'rpc rpc.conversation.send-message'),
      'conversation-service handling it': () =>
        find(
          'conversation-service',
          SpanKinds.server,
          (s) => s.name === 'serve rpc.conversation.send-message',
        ),
      'its database work': () =>
        find(
          'conversation-service',
          SpanKinds.client,
          (s) =>
            s.attributes['db.system.name'] === 'postgresql' ||
            s.attributes['db.system'] === 'postgresql',
        ),
      'the outbox relay publishing the dispatch command': () =>
        find(
          'conversation-service',
          SpanKinds.producer,
          (s) => s.name === 'publish dispatch.sms.*',
        ),
      'the dispatcher consuming it': () =>
        find(
          'sms-dispatcher',
          SpanKinds.consumer,
          (s) =>
            s.name === 'process dispatch.sms.*' &&
            s.attributes['switchboard.message_id'] === message.id &&
            s.attributes['switchboard.request_id'] === requestId,
        ),
      'the provider HTTP call': () =>
        find('sms-dispatcher', SpanKinds.client, (s) =>
          String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '').includes(
            '/Messages.json',
          ),
        ),
      'the provider receiving it': () =>
        find('provider-sandbox', SpanKinds.server, (s) =>
          String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '').includes(
            '/Messages.json',
          ),
        ),
      "the dispatcher's status events": () =>
        find('sms-dispatcher', SpanKinds.producer, (s) => s.name === 'publish events.status.*'),
      'conversation-service applying them': () =>
        find(
          'conversation-service',
          SpanKinds.consumer,
          (s) =>
            s.name === 'process events.status.*' &&
            s.attributes['switchboard.message_id'] === message.id,
        ),
    };
    const missing = () =>
      Object.entries(expected)
        .filter(([, probe]) => probe() === undefined)
        .map(([what]) => what);
    await eventually(
      async () => missing(),
      (m) => m.length === 0,
      {
        what: 'every span of the send in one trace',
      },
    );

    // Each hop is a child of the one before: one tree, not spans that merely share an id.
    const byId = new Map(inTrace().map((s) => [s.spanId, s]));
    const ancestors = (span: ReceivedSpan) => {
      const chain: ReceivedSpan[] = [];
      for (let s = byId.get(span.parentSpanId); s; s = byId.get(s.parentSpanId)) chain.push(s);
      return chain;
    };
    const providerCall = expected['the provider HTTP call']()!;
    expect(ancestors(providerCall)).toEqual(
      expect.arrayContaining([
        expected['the dispatcher consuming it'](),
        expected['the outbox relay publishing the dispatch command'](),
        expected['conversation-service handling it'](),
        expected['gateway → conversation-service request'](),
        entry,
      ]),
    );

    // The provider's delivery callback starts a trace of its own (Twilio sends no trace
    // context), but its consumer span names the message, so it can be found.
    await eventually(
      async () =>
        receiver
          .spans()
          .filter(
            (s) =>
              s.service === 'conversation-service' &&
              s.name === 'process events.status.*' &&
              s.attributes['switchboard.message_id'] === message.id &&
              s.traceId !== traceId,
          ),
      (callbacks) => callbacks.length > 0,
      { what: 'the status callback consumer span carrying the message id' },
    );

    // Logs of every service about this message carry the same request and trace ids.
    const sent = await eventually(
      async () =>
        logLines(stack, 'sms-dispatcher').find(
          (l) => l['msg'] === 'message sent' && l['message_id'] === message.id,
        ),
      (l) => l !== undefined,
      { what: "the dispatcher's 'message sent' log line" },
    );
    expect(sent).toMatchObject({
      service: 'sms-dispatcher',
      level: 'info',
      request_id: requestId,
      message_id: message.id,
      trace_id: traceId,
    });
    expect(String(sent!['span_id'])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('exports no secret or participant address from a URL: query strings are redacted like logs', async () => {
    const token = `tok-${randomUUID()}`;
    const number = uniquePhone();
    const digits = number.replace(/\D/g, '').slice(-7);
    const inbound = await fetch(
      `${stack.url('gateway')}/api/v1/webhooks/sendgrid/inbound?token=${token}`,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
    );
    expect(inbound.status).toBe(401);
    const listed = await fetch(
      `${stack.url('gateway')}/api/v1/conversations?participant=${encodeURIComponent(number)}&limit=5`,
    );
    expect(listed.status).toBe(200);

    const queryOf = (s: ReceivedSpan) =>
      String(s.attributes['url.query'] ?? s.attributes['url.full'] ?? '');
    // The spans that carried each query: the gateway's, its forwarding call, webhook-ingest's.
    const carriers = await eventually(
      async () => ({
        ingest: receiver
          .spans()
          .find(
            (s) =>
              s.service === 'webhook-ingest' &&
              s.kind === SpanKinds.server &&
              s.attributes['url.path'] === '/api/v1/webhooks/sendgrid/inbound' &&
              queryOf(s).includes('token='),
          ),
        forward: receiver
          .spans()
          .find(
            (s) =>
              s.service === 'gateway' &&
              s.kind === SpanKinds.client &&
              queryOf(s).includes('/api/v1/webhooks/sendgrid/inbound?token='),
          ),
        list: receiver
          .spans()
          .find(
            (s) =>
              s.service === 'gateway' &&
              s.kind === SpanKinds.server &&
              s.attributes['url.path'] === '/api/v1/conversations' &&
              queryOf(s).includes('participant='),
          ),
      }),
      (found) => Object.values(found).every((s) => s !== undefined),
      { what: 'the spans of the two requests' },
    );
    // What remains is still useful: the parameter names, masked numbers, harmless values.
    expect(queryOf(carriers.list!)).toContain('limit=5');
    expect(queryOf(carriers.list!)).toContain(encodeURIComponent(`***${number.slice(-4)}`));

    const leaks = receiver.spans().flatMap((s) =>
      Object.entries(s.attributes)
        .filter(([, value]) => String(value).includes(token) || String(value).includes(digits))
        .map(([key, value]) => `${s.service} ${s.name} ${key}=${String(value)}`),
    );
    expect(leaks).toEqual([]);
  });
});
