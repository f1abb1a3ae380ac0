import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ErrorCodes } from '@switchboard/contracts';
import {
  Counter,
  Gauge,
  throttledWarning,
  type Logger,
  type ServiceMetrics,
} from '@switchboard/observability';
import { problemFor, requestPath, writeProblem } from './problem';
import { countRequest } from './red-metrics';
import { assignRequestId } from './request-id';

/** The route label of a request refused at the bound: no route ever looked at it. */
export const OVER_CAPACITY_ROUTE = 'over_capacity';

/** The probes every service serves: never counted, never refused (an orchestrator must see them). */
const PROBES = new Set(['/health', '/ready', '/metrics']);

export interface InFlightBound {
  /**
   * The most requests one process answers at once; the next is refused at once with `503` and
   * `Retry-After` instead of queueing behind them. Waiting requests are what a process holds in
   * memory under overload, and a request past its client's timeout is work for nobody. `0`: no
   * bound.
   */
  max: number;
  /** Requests that stay open by design (event streams): they have limits of their own. */
  exempt?: (req: IncomingMessage) => boolean;
  /** What `Retry-After` says, in seconds; 1 by default. */
  retryAfterS?: number;
}

/**
 * Bounds the requests `handler` serves at once. A refused request costs a parse of its head and
 * a short answer — its body is never read — so a flood beyond capacity is answered cheaply
 * while the requests already taken finish at the speed they would have. Counted in
 * `http_requests_in_flight` and `http_requests_over_capacity_total`, and in the RED metrics
 * under the route `over_capacity`.
 *
 * @example createServer(boundInFlight(app, { max: 512 }, metrics, log));
 */
export function boundInFlight(
  handler: RequestListener,
  bound: InFlightBound,
  metrics: ServiceMetrics,
  log: Logger,
): RequestListener {
  if (bound.max <= 0) return handler;
  const retryAfter = String(bound.retryAfterS ?? 1);
  const inFlightGauge = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being answered, counted against the in-flight bound',
    registers: [metrics.registry],
  });
  const refusedCounter = new Counter({
    name: 'http_requests_over_capacity_total',
    help: 'HTTP requests refused with 503 because the in-flight bound was reached',
    registers: [metrics.registry],
  });
  const detail = `This instance is answering ${bound.max} requests already; retry after ${retryAfter} s`;
  // One line a second at most, with how many were refused meanwhile: a flood must not become a
  // flood of log lines.
  const warn = throttledWarning(log, 1_000);
  let inFlight = 0;
  const done = () => {
    inFlight -= 1;
    inFlightGauge.set(inFlight);
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    if (PROBES.has(requestPath(req)) || bound.exempt?.(req)) {
      handler(req, res);
      return;
    }
    if (inFlight >= bound.max) {
      const started = process.hrtime.bigint();
      refusedCounter.inc();
      assignRequestId(req, res);
      const problem = problemFor(ErrorCodes.unavailable, detail, requestPath(req));
      writeProblem(res, problem, { 'Retry-After': retryAfter });
      countRequest(metrics, req.method ?? 'GET', OVER_CAPACITY_ROUTE, res, started);
      warn({ max: bound.max }, 'at capacity: requests refused with 503');
      return;
    }
    inFlight += 1;
    inFlightGauge.set(inFlight);
    res.once('close', done);
    handler(req, res);
  };
}
