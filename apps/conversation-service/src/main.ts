import './tracing';
import { databaseUrl, loadConfig, natsClientSettings } from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { connectNats, observeNats } from '@switchboard/messaging';
import { createLogger, createMetrics, observePgPool, runService } from '@switchboard/observability';
import { conversationServiceConfigSchema } from './config';
import { createConversationService } from './conversation-service';

const SERVICE = 'conversation-service';

async function main() {
  const config = loadConfig(conversationServiceConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const database = createDb({ url: databaseUrl(config), poolMax: config.POSTGRES_POOL_MAX });
  const nats = await connectNats({ ...natsClientSettings(config), name: SERVICE });
  const metrics = createMetrics(SERVICE);
  observeNats(nats, metrics.registry);
  observePgPool(metrics.registry, database.pool);
  const service = createConversationService({
    config,
    log,
    metrics,
    database,
    nats,
  });
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
