import { context, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import {
  callRpc,
  connectNats,
  ensureConsumer,
  ack,
  observeNats,
  publishEvent,
  publishMessage,
  serveRpc,
  startConsumer,
  type Nats,
  type RunningConsumer,
} from '@switchboard/messaging';
import {
  SpanKind,
  createLogger,
  createMetrics,
  currentCorrelation,
  inSpan,
  outgoingHeaders,
  withCorrelation,
  type Correlation,
} from '@switchboard/observability';
import { defineRpc } from '@switchboard/contracts';
import { eventually, freePort, startPrivateNats, type PrivateNats } from '@switchboard/testing';
import { z } from 'zod';

/**
 * What the services rely on from @switchboard/messaging, against a real nats-server: every hop
 * continues the sender's trace and restores its request id, and the consumers report themselves
 * to Prometheus.
 */
const Event = z.object({ message_id: z.string(), n: z.number() });
const Text = z.object({ text: z.string() });
const Echo = defineRpc({ subject: 'obs.rpc.echo', request: Text, reply: Text });
const STREAM = 'OBS_TEST';
const log = createLogger({ service: 'test', level: 'silent' });
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

let server: PrivateNats;
let nats: Nats;

beforeAll(async () => {
  provider.register();
  server = await startPrivateNats(await freePort());
  nats = await connectNats({
    url: server.url,
    name: 'observability-test',
    ...server.credentials.admin,
  });
  await nats.jsm.streams.add({ name: STREAM, subjects: ['obs.events.*', 'obs.outbox.*'] });
});

afterAll(async () => {
  await nats?.close();
  await server?.destroy();
  await provider.shutdown();
  trace.disable();
  context.disable();
});

afterEach(() => exporter.reset());

const spans = (name: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((s) => s.name === name);
const isChildOf = (child: ReadableSpan, parent: ReadableSpan) =>
  child.spanContext().traceId === parent.spanContext().traceId &&
  child.parentSpanContext?.spanId === parent.spanContext().spanId;

describe('request/reply', () => {
  it("serves the request in a span of the caller's trace, with its request id", async () => {
    const seen: Correlation[] = [];
    const sub = serveRpc(nats.nc, {
      contract: Echo,
      queue: 'obs',
      log,
      handle: async (req) => {
        seen.push(currentCorrelation());
        return req;
      },
    });
    const answer = await withCorrelation({ request_id: 'rpc-req-1' }, () =>
      inSpan('POST /api/v1/messages/send', { kind: SpanKind.SERVER }, () =>
        callRpc(nats.requests, Echo, { text: 'hi' }),
      ),
    );
    await sub.drain();

    expect(answer).toEqual({ text: 'hi' });
    expect(seen).toEqual([{ request_id: 'rpc-req-1' }]);
    await eventually(
      async () => spans('serve obs.rpc.echo'),
      (s) => s.length === 1,
    );
    const [request] = spans('POST /api/v1/messages/send');
    const [client] = spans('rpc obs.rpc.echo');
    const [served] = spans('serve obs.rpc.echo');
    expect(isChildOf(client!, request!)).toBe(true);
    expect(isChildOf(served!, client!)).toBe(true);
    expect(served!.kind).toBe(SpanKind.SERVER);
    expect(served!.attributes['switchboard.request_id']).toBe('rpc-req-1');
  });
});

describe('JetStream', () => {
  let consumer: RunningConsumer | undefined;
  afterEach(async () => consumer?.stop());

  it("processes each message in a consumer span of the publisher's trace, with its ids, and reports the consumer", async () => {
    await ensureConsumer(nats.jsm, {
      stream: STREAM,
      durable: 'obs-events',
      filterSubject: 'obs.events.*',
    });
    const metrics = createMetrics('test');
    observeNats(nats, metrics.registry);
    const handled: Correlation[] = [];
    consumer = await startConsumer({
      js: nats.js,
      stream: STREAM,
      durable: 'obs-events',
      schema: Event,
      log,
      concurrency: 4,
      keyOf: (e) => e.message_id,
      handle: async () => {
        handled.push(currentCorrelation());
        return ack();
      },
    });

    await withCorrelation({ request_id: 'js-req-1' }, () =>
      inSpan('serve rpc.conversation.send-message', { kind: SpanKind.SERVER }, () =>
        publishEvent(
          nats.js,
          Event,
          'obs.events.7',
          { message_id: 'msg-1', n: 1 },
          { msgId: 'e-1' },
        ),
      ),
    );
    await eventually(
      async () => handled,
      (h) => h.length === 1,
    );
    expect(handled).toEqual([{ request_id: 'js-req-1', message_id: 'msg-1' }]);

    await eventually(
      async () => spans('process obs.events.*'),
      (s) => s.length === 1,
    );
    const [origin] = spans('serve rpc.conversation.send-message');
    const [published] = spans('publish obs.events.*');
    const [processed] = spans('process obs.events.*');
    expect(isChildOf(published!, origin!)).toBe(true);
    expect(isChildOf(processed!, published!)).toBe(true);
    expect(processed!.kind).toBe(SpanKind.CONSUMER);
    expect(processed!.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': 'obs.events.7',
      'messaging.consumer.group.name': 'obs-events',
      'messaging.nats.settlement': 'ack',
      'switchboard.message_id': 'msg-1',
      'switchboard.request_id': 'js-req-1',
    });

    const text = await eventually(
      () => metrics.registry.metrics(),
      (t) =>
        t.includes(
          'jetstream_deliveries_total{stream="OBS_TEST",consumer="obs-events",outcome="ack",service="test"} 1',
        ) &&
        t.includes(
          'jetstream_consumer_ack_pending_messages{stream="OBS_TEST",consumer="obs-events",service="test"} 0',
        ),
    );
    expect(text).toContain(
      'jetstream_consumer_pending_messages{stream="OBS_TEST",consumer="obs-events",service="test"} 0',
    );
    expect(text).toContain('jetstream_stream_messages{stream="OBS_TEST",service="test"} 1');
    expect(text).toContain('nats_connected{service="test"} 1');
    // No dead-letter stream on this server: no sample rather than a made-up zero.
    expect(text).not.toContain('stream="DEAD_LETTER"');
  });

  it('publishes a stored row on behalf of the request that wrote it, not of whatever runs now', async () => {
    // An outbox row keeps the headers of the request that wrote it...
    const row = await withCorrelation({ request_id: 'outbox-req' }, () =>
      inSpan('serve send-message', {}, async () => outgoingHeaders()),
    );
    // ...and the relay publishes it later, while some other request happens to be traced.
    await inSpan('unrelated request', {}, () =>
      publishMessage(nats.js, 'obs.outbox.1', new TextEncoder().encode('{}'), { headers: row }),
    );
    const [writer] = spans('serve send-message');
    const [relayed] = spans('publish obs.outbox.*');
    expect(isChildOf(relayed!, writer!)).toBe(true);

    const stored = await nats.jsm.streams.getMessage(STREAM, { last_by_subj: 'obs.outbox.1' });
    expect(stored?.header.get('x-request-id')).toBe('outbox-req');
    expect(stored?.header.get('traceparent')).toContain(relayed!.spanContext().spanId);
  });
});
