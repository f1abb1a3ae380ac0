import { createSecretBox, endpointPolicyOf } from '@switchboard/config';
import type { Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import type { Nats } from '@switchboard/messaging';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import type { WebhookDispatcherConfig } from '@switchboard/app-config/webhook-dispatcher';
import { createDeliveryScheduler } from './delivery-scheduler';
import { createEventFanout } from './event-fanout';
import { createWebhookMetrics } from './webhook-metrics';

export interface WebhookDispatcherDeps {
  config: WebhookDispatcherConfig;
  log: Logger;
  metrics: ServiceMetrics;
  database: Db;
  nats: Nats;
}

/**
 * webhook-dispatcher: delivers client events to tenants' webhook endpoints. The fan-out turns
 * each event into a delivery per endpoint; the scheduler sends them, each endpoint on its own.
 */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps): Service & { port(): number } {
  const { config, log, metrics, database, nats } = deps;
  let boundPort = 0;
  const webhookMetrics = createWebhookMetrics(metrics, database.db);
  const scheduler = createDeliveryScheduler({
    db: database.db,
    log,
    policy: endpointPolicyOf(config),
    secrets: createSecretBox(config.WEBHOOK_SECRETS_KEY),
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retrySchedule: config.WEBHOOK_RETRY_SCHEDULE_MS,
    concurrency: config.WEBHOOK_CONCURRENCY,
    perEndpoint: config.WEBHOOK_ENDPOINT_CONCURRENCY,
    orderWaitAttempts: config.WEBHOOK_ORDER_WAIT_ATTEMPTS,
    pollMs: config.WEBHOOK_POLL_MS,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    onAttempt: (result, settlement) => webhookMetrics.observe(result, settlement),
    onDisabled: () => webhookMetrics.endpointDisabled(),
  });
  const fanout = createEventFanout({
    nats,
    database,
    log,
    concurrency: config.WEBHOOK_FANOUT_CONCURRENCY,
    onQueued: () => scheduler.wake(),
  });
  const http = createHttpService({
    log,
    metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
  });

  return {
    port: () => boundPort,
    async start() {
      await fanout.provision();
      await fanout.start();
      scheduler.start();
      const address = await http.listen(config.WEBHOOK_DISPATCHER_PORT, config.HOST);
      boundPort = address.port;
      log.info({ port: boundPort }, 'webhook-dispatcher ready');
    },
    async stop() {
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await fanout.stop();
      await scheduler.stop();
      await nats.close();
      await database.close();
    },
  };
}
