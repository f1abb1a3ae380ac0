import './tracing';
import { bootService } from '@switchboard/service';
import { webhookDispatcherConfigSchema } from '@switchboard/app-config/webhook-dispatcher';
import { createWebhookDispatcher } from './webhook-dispatcher';

void bootService({
  name: 'webhook-dispatcher',
  configSchema: webhookDispatcherConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) =>
    createWebhookDispatcher({
      config,
      log,
      metrics,
      database: openDatabase(),
      nats: await connectNats(),
    }),
});
