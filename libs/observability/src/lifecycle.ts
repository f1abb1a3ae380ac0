import type { Logger } from 'pino';
import { shutdownTracing } from './tracing';

/** What every app's composition root builds. */
export interface Service {
  start(): Promise<void>;
  /** Stops taking work, finishes or hands back what is in flight, closes connections. */
  stop(): Promise<void>;
}

/**
 * Starts a service and wires SIGTERM/SIGINT to a graceful stop bounded by `shutdownTimeoutMs`.
 * Exits 0 after a clean stop, 1 when start fails or the stop overruns.
 *
 * @example await runService({ name: 'gateway', log, service, shutdownTimeoutMs: 15_000 });
 */
export async function runService(options: {
  name: string;
  log: Logger;
  service: Service;
  shutdownTimeoutMs: number;
}): Promise<void> {
  const { log, service, name } = options;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${name} stopping`);
    const timer = setTimeout(() => {
      log.error({ timeoutMs: options.shutdownTimeoutMs }, `${name} did not stop in time; exiting`);
      process.exit(1);
    }, options.shutdownTimeoutMs);
    timer.unref();
    try {
      await service.stop();
      // The last spans (the stop itself included) are exported before the process goes.
      await shutdownTracing();
      log.info(`${name} stopped`);
      log.flush?.();
      process.exit(0);
    } catch (err) {
      log.error({ err }, `${name} failed to stop cleanly`);
      process.exit(1);
    }
  };

  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled rejection');
  });

  try {
    await service.start();
  } catch (err) {
    log.fatal({ err }, `${name} failed to start`);
    await service.stop().catch(() => undefined);
    process.exit(1);
  }
}
