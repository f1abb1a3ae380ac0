import type { Db } from '@switchboard/db';
import { createHttpService, securityHeaders } from '@switchboard/http';
import type { Nats } from '@switchboard/messaging';
import {
  Counter,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { WebhookIngestConfig } from './config';
import { createEventPublisher } from './event-publisher';
import type { IngestDeps } from './ingest';
import { compatWebhooksRouter } from './routes/compat.routes';
import { sendGridRouter } from './routes/sendgrid.routes';
import { twilioRouter } from './routes/twilio.routes';
import { createWebhookLogRepository } from './webhook-log.repository';

export interface WebhookIngestDeps {
  config: WebhookIngestConfig;
  log: Logger;
  metrics: ServiceMetrics;
  database: Db;
  nats: Nats;
}

/** webhook-ingest: provider callbacks, verified and audited, turned into contract events. */
export function createWebhookIngest(deps: WebhookIngestDeps): Service & { port(): number } {
  const { config, log, metrics, database, nats } = deps;
  let boundPort = 0;

  const ingestDeps: IngestDeps = {
    logs: createWebhookLogRepository(database.db),
    publish: createEventPublisher(nats, config.PARTITIONS),
    received: new Counter({
      name: 'webhooks_received_total',
      help: 'Webhooks received, by provider and outcome (accepted, duplicate, ignored, rejected, invalid, failed)',
      labelNames: ['provider', 'outcome'],
      registers: [metrics.registry],
    }),
    log,
  };

  const http = createHttpService({
    log,
    metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
    routes: (app) => {
      app.use(securityHeaders());
      app.set('trust proxy', 'loopback, linklocal, uniquelocal');
      app.use('/api/v1/webhooks/twilio', twilioRouter(config, ingestDeps));
      app.use('/api/v1/webhooks/sendgrid', sendGridRouter(config, ingestDeps));
      app.use('/api/webhooks', compatWebhooksRouter(config, ingestDeps));
    },
  });

  return {
    port: () => boundPort,
    async start() {
      const address = await http.listen(config.WEBHOOK_INGEST_PORT, config.HOST);
      boundPort = address.port;
      log.info({ port: boundPort }, 'webhook-ingest ready');
    },
    async stop() {
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      await database.close();
    },
  };
}
