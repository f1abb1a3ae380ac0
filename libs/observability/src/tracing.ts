import { tracingRequested, type TracingEnv } from '@switchboard/config';
import type * as TracingSdk from './tracing-sdk';

let running: { shutdown(): Promise<void> } | undefined;

/**
 * Starts OpenTelemetry tracing when the OTEL_* settings ask for it (see `tracingRequested`), and
 * does nothing otherwise: the SDK is not even loaded. Call it before anything imports `http`,
 * `express` or `pg` — the instrumentations hook into them as they load — so it is the first
 * import of every app's composition root. Returns whether tracing is on.
 *
 * @example startTracing('gateway', loadConfig(tracingEnv, process.env));
 */
export function startTracing(service: string, env: TracingEnv): boolean {
  if (running) return true;
  if (!tracingRequested(env)) return false;
  // Required lazily, so a service that does not trace pays nothing for the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./tracing-sdk') as typeof TracingSdk;
  running = startSdk(env.OTEL_SERVICE_NAME ?? service);
  return true;
}

/** Flushes and stops tracing, if it runs; part of every service's graceful stop. */
export async function shutdownTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown().catch(() => undefined);
}
