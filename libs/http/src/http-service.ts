import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { AppError, ErrorCodes } from '@switchboard/contracts';
import { EVENT_LOOP_SAMPLE_MS, type Logger, type ServiceMetrics } from '@switchboard/observability';
import { boundInFlight, type InFlightBound } from './in-flight-bound';
import { problemHandler } from './problem';
import { countRequest } from './red-metrics';
import { recordRouteTemplate, routeLabel } from './route-label';
import { assignRequestId, requestIdMiddleware } from './request-id';

/**
 * Sees every request before express: answers it, or calls `next()` to leave it to the express
 * routes. For a service's few hottest calls, where express's routing, body parsing and
 * middleware cost more than the work itself. Such a handler does for the requests it answers
 * what the shared middleware does for the others, through `directRequest` (request id, RED
 * metrics), and answers their errors with `answerProblem`.
 */
export type DirectHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** A named dependency check for `/ready`; it throws when the dependency is not usable. */
export type ReadinessCheck = () => Promise<unknown>;

/**
 * A dependency the service can run without (it degrades instead): reported by `/ready`, but a
 * failure does not take the instance out of rotation.
 */
export function degradable(check: ReadinessCheck): ReadinessCheck & { degradable: true } {
  return Object.assign(() => check(), { degradable: true as const });
}

export interface HttpServiceOptions {
  log: Logger;
  metrics: ServiceMetrics;
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** Adds the service's own routes. */
  routes?: (app: Express) => void;
  /** Takes the requests it can answer before express (see `DirectHandler`). */
  direct?: DirectHandler;
  readinessTimeoutMs?: number;
  /** How often the event loop's delay reported by `/health` is sampled; 100 ms by default. */
  eventLoopSampleMs?: number;
  /** The most requests answered at once, the next refused with 503 (`InFlightBound`); none by default. */
  inFlight?: InFlightBound;
  /**
   * How long a client has to send a whole request, headers and body (the gateway's
   * `HTTP_REQUEST_TIMEOUT_MS`); then it is answered 408 and its connection closed. A client
   * trickling its request would otherwise hold its place (and its memory) for Node's 300 s, and
   * enough of them would fill `inFlight`. 120 s by default.
   */
  requestTimeoutMs?: number;
  /** How long a client has to send the request's headers; 10 s, and at most `requestTimeoutMs`. */
  headersTimeoutMs?: number;
}

/** Enough to upload 20 MiB (the default media limit) at ~175 KB/s. */
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

export interface HttpService {
  app: Express;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Marks the service as draining: `/ready` answers 503 from now on. */
  drain(): void;
  close(timeoutMs: number): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every readiness check with a timeout and reports each. */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<{
  ready: boolean;
  checks: Record<string, { status: 'up' | 'down' | 'degraded'; error?: string }>;
}> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs, name);
        return [name, { status: 'up' as const }] as const;
      } catch (err) {
        const status = 'degradable' in check ? ('degraded' as const) : ('down' as const);
        return [name, { status, error: (err as Error).message }] as const;
      }
    }),
  );
  return {
    ready: entries.every(([, r]) => r.status !== 'down'),
    checks: Object.fromEntries(entries),
  };
}

/** A request a `DirectHandler` took. */
export interface DirectRequest {
  /** Its request id, as `requestIdMiddleware` gives every request. */
  readonly requestId: string;
  /** Counts it in the RED metrics under its route template; call once it was answered. */
  answered(): void;
}

/**
 * What the shared middleware does for a request, for one a `DirectHandler` answers: its request
 * id (echoed in `X-Request-Id`) and, once answered, its RED metrics under `route` (the template,
 * `/2010-04-01/Accounts/:AccountSid/Messages.json`), timed from `started` (`process.hrtime`).
 *
 * @example const request = directRequest(metrics, req, res, ROUTE); …; res.end(body); request.answered();
 */
export function directRequest(
  metrics: ServiceMetrics,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  started: bigint = process.hrtime.bigint(),
): DirectRequest {
  const requestId = assignRequestId(req, res);
  return {
    requestId,
    answered: () => countRequest(metrics, req.method ?? 'GET', route, res, started),
  };
}

/**
 * An express app with the endpoints every service serves — `/health`, `/ready`, `/metrics` —
 * RED metrics per route template, problem+json errors, and a graceful close.
 *
 * @example const http = createHttpService({ log, metrics, checks: { postgres: () => db.ping() } });
 */
export function createHttpService(options: HttpServiceOptions): HttpService {
  const { log, metrics, checks } = options;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2_000;
  let draining = false;
  let server: Server | undefined;

  // How long the event loop was held up since the previous liveness probe.
  const loopDelay = monitorEventLoopDelay({
    resolution: options.eventLoopSampleMs ?? EVENT_LOOP_SAMPLE_MS,
  });
  loopDelay.enable();

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    recordRouteTemplate(req);
    res.once('finish', () => countRequest(metrics, req.method, routeLabel(req), res, started));
    next();
  });
  app.use(requestIdMiddleware());

  app.get('/health', (_req, res) => {
    const ms = (ns: number) => Math.round((Number.isFinite(ns) ? ns : 0) / 1e4) / 100;
    const delay = {
      p50: ms(loopDelay.percentile(50)),
      p99: ms(loopDelay.percentile(99)),
      max: ms(loopDelay.max),
    };
    loopDelay.reset();
    res.json({ status: 'ok', uptime_s: Math.round(process.uptime()), event_loop_delay_ms: delay });
  });
  app.get('/ready', async (_req, res) => {
    const result = await checkReadiness(checks, readinessTimeoutMs);
    const ready = result.ready && !draining;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : draining ? 'draining' : 'unavailable',
      checks: result.checks,
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  options.routes?.(app);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError(ErrorCodes.notFound, `No route for ${req.method} ${req.path}`));
  });
  app.use(problemHandler(log));

  return {
    app,
    async listen(port, host) {
      const { direct } = options;
      const handler: RequestListener = direct
        ? (req, res) => direct(req, res, () => app(req, res))
        : app;
      const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
      const headersTimeout = Math.min(
        options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
        requestTimeout,
      );
      server = createServer(
        {
          requestTimeout,
          headersTimeout,
          // How often Node looks for requests past their time (30 s by default).
          connectionsCheckingInterval: Math.min(1_000, headersTimeout),
        },
        options.inFlight ? boundInFlight(handler, options.inFlight, metrics, log) : handler,
      );
      server.listen(port, host);
      server.keepAliveTimeout = 65_000;
      await once(server, 'listening');
      return server.address() as AddressInfo;
    },
    drain() {
      draining = true;
    },
    async close(timeoutMs) {
      draining = true;
      loopDelay.disable();
      if (!server) return;
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server?.closeAllConnections(), timeoutMs);
      await closing;
      clearTimeout(timer);
    },
  };
}
