import type { RequestOptions } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { redactQuery, redactUrl } from './url-redaction';

/** Paths probed every few seconds: tracing them would bury the traces worth reading. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/** The semantic-convention attributes that carry a URL's query. */
const URL_QUERY = 'url.query';
const URL_FULL = 'url.full';

/** The query of a request target (`/path?query`), if it has one. */
function queryOf(target: string | undefined): string | undefined {
  const at = (target ?? '').indexOf('?');
  return at < 0 ? undefined : (target ?? '').slice(at + 1).split('#', 1)[0];
}

/** The URL an outgoing request is made to, as the instrumentation spells it, redacted. */
function outgoingUrl(options: RequestOptions): string {
  const protocol = options.protocol ?? 'http:';
  let host = options.hostname ?? options.host ?? 'localhost';
  const port = options.port === undefined || options.port === null ? '' : String(options.port);
  if (!host.includes(':') && port && port !== '80' && port !== '443') host += `:${port}`;
  return redactUrl(`${protocol}//${host}${options.path ?? '/'}`);
}

/**
 * Starts the OpenTelemetry SDK for traces only (metrics stay with prom-client, logs with pino),
 * exporting as the standard OTEL_* variables say (`OTEL_EXPORTER_OTLP_*`, `OTEL_BSP_*`,
 * `OTEL_TRACES_SAMPLER`…). Loaded only when tracing is switched on.
 *
 * Query strings reach spans with the redaction logs get (`redactQuery`): the HTTP
 * instrumentation's start hooks replace the `url.query` and `url.full` it would record, so an
 * Inbound Parse `?token=` or a `?participant=` number never leaves the process.
 */
export function startSdk(serviceName: string): { shutdown(): Promise<void> } {
  const sdk = new NodeSDK({
    serviceName,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
        startIncomingSpanHook: (req) => {
          const query = queryOf(req.url);
          return query === undefined ? {} : { [URL_QUERY]: redactQuery(query) };
        },
        startOutgoingSpanHook: (options) =>
          queryOf(options.path ?? undefined) === undefined
            ? {}
            : { [URL_FULL]: outgoingUrl(options) },
      }),
      // Route handlers and routers only: a span per middleware is noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Queries outside a trace (relay polls, readiness pings) would each start a trace of their own.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
