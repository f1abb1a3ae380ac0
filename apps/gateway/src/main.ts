import './tracing';
import { loadConfig, natsClientSettings } from '@switchboard/config';
import { connectNats, observeNats } from '@switchboard/messaging';
import { createLogger, createMetrics, observeRedis, runService } from '@switchboard/observability';
import { gatewayConfigSchema } from './config';
import { createGateway } from './gateway';
import { createRedisClient } from './redis/redis-client';

const SERVICE = 'gateway';

async function main() {
  const config = loadConfig(gatewayConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const nats = await connectNats({ ...natsClientSettings(config), name: SERVICE });
  const redis = createRedisClient({ url: config.REDIS_URL, log });
  const metrics = createMetrics(SERVICE);
  observeNats(nats, metrics.registry);
  observeRedis(metrics.registry, redis);
  const service = createGateway({ config, log, metrics, nats, redis });
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
