import type { ServerResponse } from 'node:http';
import type { ServiceMetrics } from '@switchboard/observability';

/** Counts an answered request in the RED metrics, timed from `started` (`process.hrtime`). */
export function countRequest(
  metrics: ServiceMetrics,
  method: string,
  route: string,
  res: ServerResponse,
  started: bigint,
): void {
  const labels = { method, route, status: String(res.statusCode) };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
}
