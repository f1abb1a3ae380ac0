import type { Database, Kysely } from '@switchboard/db';
import { Counter, Gauge, Histogram, type ServiceMetrics } from '@switchboard/observability';
import type { Settlement } from './delivery-store';
import type { AttemptResult } from './signed-request';

/** Attempt latency buckets (seconds): endpoints answer in milliseconds to the timeout. */
const ATTEMPT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * webhook-dispatcher's metrics: attempts by outcome, their latency, and per endpoint the age
 * of its oldest undelivered event (read from the database when scraped, so every replica
 * reports the same truth).
 */
export function createWebhookMetrics(metrics: ServiceMetrics, db: Kysely<Database>) {
  const registers = [metrics.registry];
  const attempts = new Counter({
    name: 'webhook_attempts_total',
    help: 'Webhook delivery attempts, by outcome (delivered, retry, failed, gone)',
    labelNames: ['outcome'],
    registers,
  });
  const latency = new Histogram({
    name: 'webhook_attempt_duration_seconds',
    help: 'How long a webhook delivery attempt took, answer included',
    labelNames: ['outcome'],
    buckets: ATTEMPT_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'webhook_oldest_pending_age_seconds',
    help: 'Age of the oldest event not yet delivered, per endpoint (endpoints with pending deliveries)',
    labelNames: ['endpoint_id'],
    registers,
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id', (eb) => eb.fn.min('created_at').as('oldest')])
        .where('status', '=', 'pending')
        .groupBy('endpoint_id')
        .execute()
        .catch(() => []);
      for (const row of rows) {
        const oldest = row.oldest as Date | null;
        if (oldest)
          this.set({ endpoint_id: row.endpoint_id }, (Date.now() - oldest.getTime()) / 1000);
      }
    },
  });
  const disabled = new Counter({
    name: 'webhook_endpoints_disabled_total',
    help: 'Webhook endpoints disabled because they answered 410 Gone or failed every attempt for too long',
    registers,
  });
  return {
    endpointDisabled() {
      disabled.inc();
    },
    observe(result: AttemptResult, settlement: Settlement) {
      attempts.inc({ outcome: settlement.outcome });
      latency.observe({ outcome: settlement.outcome }, result.durationMs / 1000);
    },
  };
}
