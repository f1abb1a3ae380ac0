import type { Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import type { Nats } from '@switchboard/messaging';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import type { WebhookIngestConfig } from './config';

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
  const http = createHttpService({
    log,
    metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
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
