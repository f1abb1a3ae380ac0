import './tracing';
import { bootService } from '@switchboard/service';
import { webhookIngestConfigSchema } from '@switchboard/app-config/webhook-ingest';
import { createWebhookIngest } from './webhook-ingest';

/** A Redis that does not answer in time never holds a provider's webhook delivery. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

void bootService({
  name: 'webhook-ingest',
  configSchema: webhookIngestConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats, openRedis }) => {
    const database = openDatabase();
    const nats = await connectNats();
    const redis = openRedis({ commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS });
    return createWebhookIngest({ config, log, metrics, database, nats, redis });
  },
});
