export { bufferedStdout, createLogger } from './logger';
export {
  Counter,
  createMetrics,
  EVENT_LOOP_SAMPLE_MS,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  Registry,
} from './metrics';
export { observePgPool, observeRedis } from './resource-metrics';
export { scrubText } from './redact';
export { runService } from './lifecycle';
export {
  acceptRequestId,
  currentCorrelation,
  newRequestId,
  REQUEST_ID_HEADER,
  withCorrelation,
} from './correlation';
export {
  annotateActiveSpan,
  carriedContext,
  continueIncoming,
  detached,
  inSpan,
  markActiveSpanFailed,
  outgoingHeaders,
  SpanKind,
} from './trace-context';
export { startTracing } from './tracing';
export { redactQuery, redactUrl } from './url-redaction';
export { throttledWarning } from './throttled-warning';

export type { Logger, LoggerOptions } from './logger';
export type { ServiceMetrics } from './metrics';
export type { PoolStats } from './resource-metrics';
export type { Service } from './lifecycle';
export type { Correlation, CorrelationKey } from './correlation';
export type { Attributes, Span, SpanRunOptions } from './trace-context';
