import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import {
  REQUEST_ID_HEADER,
  acceptRequestId,
  currentCorrelation,
  withCorrelation,
  withoutCorrelation,
  type Correlation,
} from './correlation';

export { SpanKind } from '@opentelemetry/api';
export type { Attributes, Span } from '@opentelemetry/api';

const TRACER_NAME = '@switchboard/observability';

/**
 * Headers carrying the active trace context (W3C `traceparent`, `tracestate`) and the request id
 * to the next service, added to `base`. Without a tracing SDK only the request id is added.
 *
 * @example await publishEvent(js, StatusEvent, subject, event, { headers: outgoingHeaders() });
 */
export function outgoingHeaders(
  base: Readonly<Record<string, string>> = {},
  ctx: Context = context.active(),
): Record<string, string> {
  const carrier: Record<string, string> = { ...base };
  propagation.inject(ctx, carrier);
  const requestId = currentCorrelation().request_id;
  if (requestId && !carrier[REQUEST_ID_HEADER]) carrier[REQUEST_ID_HEADER] = requestId;
  return carrier;
}

/** The sender's trace context, read from message headers (the root context when absent). */
export function incomingContext(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** The trace context `headers` carry, when they carry a valid one. */
export function carriedContext(headers: Readonly<Record<string, string>>): Context | undefined {
  const ctx = incomingContext(headers);
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && isSpanContextValid(spanContext) ? ctx : undefined;
}

/**
 * Runs `fn` outside the current trace and correlation: for background work (a relay pass, a
 * timer) that one request merely woke up and that does not belong to it.
 */
export function detached<T>(fn: () => T): T {
  return withoutCorrelation(() => context.with(ROOT_CONTEXT, fn));
}

/** `trace_id` and `span_id` of the active span, for log lines; empty when nothing is traced. */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** Adds attributes to the active span (the HTTP server span of a request, say), if any. */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** Marks the active span as failed with `err`, for errors handled without being rethrown. */
export function markActiveSpanFailed(err: unknown): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
}

export interface SpanRunOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; the active context when omitted. */
  parent?: Context;
  links?: Link[];
}

/**
 * Runs `fn` inside a new active span, recording a thrown error on it before rethrowing. Costs a
 * no-op span when tracing is off.
 *
 * @example await inSpan('outbox relay', { kind: SpanKind.PRODUCER }, () => publish());
 */
export function inSpan<T>(
  name: string,
  options: SpanRunOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        markActiveSpanFailed(err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Handles a message that arrived from another service: in a span that continues the sender's
 * trace, with the sender's request id and the message's own ids as the log correlation.
 *
 * @example
 * await continueIncoming(msgHeaders, 'process dispatch.sms', { kind: SpanKind.CONSUMER },
 *   { message_id: cmd.message_id }, () => handle(cmd));
 */
export function continueIncoming<T>(
  headers: Readonly<Record<string, string>>,
  name: string,
  options: Omit<SpanRunOptions, 'parent'>,
  correlation: { readonly [K in keyof Correlation]?: string | null },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const requestId = acceptRequestId(headers[REQUEST_ID_HEADER]);
  const attributes: Attributes = { ...options.attributes };
  for (const [key, value] of Object.entries({ ...correlation, request_id: requestId })) {
    if (typeof value === 'string' && value) attributes[`switchboard.${key}`] = value;
  }
  return withCorrelation({ ...correlation, request_id: requestId ?? null }, () =>
    inSpan(name, { ...options, attributes, parent: incomingContext(headers) }, fn),
  );
}
