import { Writable } from 'node:stream';
import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { REQUEST_ID_HEADER, currentCorrelation, withCorrelation } from './correlation';
import { createLogger } from './logger';
import {
  SpanKind,
  activeTraceIds,
  carriedContext,
  continueIncoming,
  detached,
  inSpan,
  outgoingHeaders,
} from './trace-context';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  // The W3C propagator and an AsyncLocalStorage context manager, as the SDK registers them.
  provider.register();
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

const spanNamed = (name: string): ReadableSpan => {
  const span = exporter.getFinishedSpans().find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name}`);
  return span;
};

/** A message crossing a process boundary: only its headers survive. */
const overTheWire = (headers: Record<string, string>) =>
  JSON.parse(JSON.stringify(headers)) as Record<string, string>;

describe('trace propagation through message headers', () => {
  it('writes the active span as a W3C traceparent, beside the request id', async () => {
    const headers = await withCorrelation({ request_id: 'req-1' }, () =>
      inSpan('send', { kind: SpanKind.PRODUCER }, async () => outgoingHeaders()),
    );
    const sent = spanNamed('send');
    expect(headers['traceparent']).toBe(
      `00-${sent.spanContext().traceId}-${sent.spanContext().spanId}-01`,
    );
    expect(headers[REQUEST_ID_HEADER]).toBe('req-1');
  });

  it('continues the sender trace in a child span on the receiving side, with ids to find it by', async () => {
    const headers = await withCorrelation({ request_id: 'req-2' }, () =>
      inSpan('publish dispatch.sms.*', { kind: SpanKind.PRODUCER }, async () =>
        overTheWire(outgoingHeaders()),
      ),
    );
    const inside = await continueIncoming(
      headers,
      'process dispatch.sms.*',
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats' } },
      { message_id: 'msg-2' },
      async () => ({ correlation: currentCorrelation(), ids: activeTraceIds() }),
    );

    const producer = spanNamed('publish dispatch.sms.*');
    const consumer = spanNamed('process dispatch.sms.*');
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'nats',
      'switchboard.message_id': 'msg-2',
      'switchboard.request_id': 'req-2',
    });
    expect(inside.correlation).toEqual({ request_id: 'req-2', message_id: 'msg-2' });
    expect(inside.ids).toEqual({
      trace_id: consumer.spanContext().traceId,
      span_id: consumer.spanContext().spanId,
    });
  });

  it('starts a new trace when the message carries none', async () => {
    await continueIncoming({}, 'process orphan', {}, {}, async () => undefined);
    const span = spanNamed('process orphan');
    expect(span.parentSpanContext).toBeUndefined();
    expect(carriedContext({})).toBeUndefined();
    expect(carriedContext({ traceparent: 'garbage' })).toBeUndefined();
  });

  it('hops across several services as one trace', async () => {
    // gateway → conversation-service → outbox row → dispatcher, each hop only seeing headers.
    const toConversation = await inSpan('rpc send', { kind: SpanKind.CLIENT }, async () =>
      overTheWire(outgoingHeaders()),
    );
    const outboxRow = await continueIncoming(toConversation, 'serve send', {}, {}, async () =>
      overTheWire(outgoingHeaders()),
    );
    const toDispatcher = await inSpan(
      'publish dispatch',
      { kind: SpanKind.PRODUCER, parent: carriedContext(outboxRow)! },
      async () => overTheWire(outgoingHeaders(outboxRow)),
    );
    await continueIncoming(toDispatcher, 'process dispatch', {}, {}, async () => undefined);

    const spans = ['rpc send', 'serve send', 'publish dispatch', 'process dispatch'].map(spanNamed);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.parentSpanContext?.spanId).toBe(spans[i - 1]!.spanContext().spanId);
    }
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(
      inSpan('fails', {}, async () => {
        throw new Error('provider down');
      }),
    ).rejects.toThrow('provider down');
    const span = spanNamed('fails');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'provider down' });
    expect(span.events.map((e) => e.name)).toContain('exception');
  });

  it('leaves no trace on background work a traced request woke up', async () => {
    const inside = await inSpan('request', {}, async () =>
      detached(() => new Promise((resolve) => setTimeout(() => resolve(activeTraceIds()), 1))),
    );
    expect(inside).toEqual({});
  });
});

describe('log lines inside a trace', () => {
  it('carry trace_id and span_id of the active span', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()));
        callback();
      },
    });
    const log = createLogger({ service: 't', level: 'info', destination });
    await withCorrelation({ request_id: 'req-3' }, () =>
      inSpan('handle', {}, async () => log.info({ message_id: 'm-3' }, 'message sent')),
    );
    const span = spanNamed('handle');
    expect(lines[0]).toMatchObject({
      service: 't',
      msg: 'message sent',
      request_id: 'req-3',
      message_id: 'm-3',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    });
  });
});
