import {
  databaseUrl,
  loadConfig,
  natsClientSettings,
  type Env,
  type PostgresEnv,
} from '@switchboard/config';
import { createDb, type Db } from '@switchboard/db';
import { connectNats, observeNats, type Nats } from '@switchboard/messaging';
import {
  createLogger,
  createMetrics,
  observePgPool,
  observeRedis,
  runService,
  type Logger,
  type LoggerOptions,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { z } from 'zod';
import { createRedisClient, type Redis } from './redis-client';

/** What every service's configuration carries (`baseEnv`). */
export interface BootConfig {
  readonly LOG_LEVEL: string;
  readonly SHUTDOWN_TIMEOUT_MS: number;
}

type NatsConfig = Parameters<typeof natsClientSettings>[0];
type PostgresConfig = PostgresEnv;
interface RedisConfig {
  readonly REDIS_URL: string;
}

/**
 * What a service is built from: its frozen configuration, its logger and metrics, and openers
 * for the connections its configuration describes. Each opener connects with the service's name
 * and registers the connection's gauges in `metrics`; the service it builds owns (and closes)
 * what it opened.
 */
export type BootContext<C> = {
  readonly config: C;
  readonly log: Logger;
  readonly metrics: ServiceMetrics;
} & (C extends NatsConfig ? { connectNats(): Promise<Nats> } : unknown) &
  (C extends PostgresConfig ? { openDatabase(): Db } : unknown) &
  (C extends RedisConfig ? { openRedis(options?: { commandTimeoutMs?: number }): Redis } : unknown);

export interface BootServiceOptions<S extends z.ZodType<BootConfig>> {
  /** The service's name: in every log line, metric and connection name. */
  name: string;
  /** The service's configuration schema, parsed once from `env`. */
  configSchema: S;
  /** The process environment; only the composition root passes it. */
  env: Env;
  /** Pretty log lines for a human; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON log lines go instead of stdout, line by line (e.g. `bufferedStdout()`). */
  logDestination?: LoggerOptions['destination'];
  /** How often the metrics sample the event loop's delay (`createMetrics`); 10 ms by default. */
  eventLoopSampleMs?: number;
  /** Builds the app object from its configuration and connections. */
  build(context: BootContext<ReturnType<typeof loadConfig<S>>>): Service | Promise<Service>;
}

/**
 * A service's whole life as a process: parses its configuration, builds its logger, metrics and
 * connections, builds the service and starts it, then stops it gracefully on SIGTERM/SIGINT
 * within SHUTDOWN_TIMEOUT_MS (`runService`). Exits 1 with the reason on stderr when the
 * configuration is invalid or a connection or the build fails; exits 1 when `start()` fails or
 * the stop overruns, 0 after a clean stop.
 *
 * @example
 * void bootService({
 *   name: 'gateway',
 *   configSchema: gatewayConfigSchema,
 *   env: process.env,
 *   build: async ({ config, log, metrics, connectNats, openRedis }) =>
 *     createGateway({ config, log, metrics, nats: await connectNats(), redis: openRedis() }),
 * });
 */
export async function bootService<S extends z.ZodType<BootConfig>>(
  options: BootServiceOptions<S>,
): Promise<void> {
  const { name } = options;
  let booted: { log: Logger; service: Service; shutdownTimeoutMs: number };
  try {
    const config = loadConfig(options.configSchema, options.env);
    const log = createLogger({
      service: name,
      level: config.LOG_LEVEL,
      pretty: options.pretty ?? process.stdout.isTTY,
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    });
    const metrics = createMetrics(
      name,
      options.eventLoopSampleMs ? { eventLoopSampleMs: options.eventLoopSampleMs } : {},
    );
    const context = { config, log, metrics, ...connectionOpeners(name, config, log, metrics) };
    const service = await options.build(context as BootContext<typeof config>);
    booted = { log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS };
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  await runService({ name, ...booted });
}

/** The openers of `BootContext`; each reads only the settings of its own connection. */
function connectionOpeners(name: string, config: unknown, log: Logger, metrics: ServiceMetrics) {
  return {
    async connectNats(): Promise<Nats> {
      const nats = await connectNats({ ...natsClientSettings(config as NatsConfig), name });
      observeNats(nats, metrics.registry);
      return nats;
    },
    openDatabase(): Db {
      const postgres = config as PostgresConfig;
      const database = createDb({
        url: databaseUrl(postgres),
        poolMax: postgres.POSTGRES_POOL_MAX,
      });
      observePgPool(metrics.registry, database.pool);
      return database;
    },
    openRedis(opener: { commandTimeoutMs?: number } = {}): Redis {
      const redis = createRedisClient({
        url: (config as RedisConfig).REDIS_URL,
        log,
        name,
        ...opener,
      });
      observeRedis(metrics.registry, redis);
      return redis;
    },
  };
}
