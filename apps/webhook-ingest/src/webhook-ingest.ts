import { RpcContracts } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { createHttpService, securityHeaders } from '@switchboard/http';
import { callRpc, type Nats } from '@switchboard/messaging';
import {
  Counter,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { openMedia } from '@switchboard/media';
import { createEventPublisher } from './event-publisher';
import type { IngestDeps } from './ingest';
import { closeRedis, type Redis } from '@switchboard/service';
import { createRefusalLimiter } from './refusal-limiter';
import { compatWebhooksRouter } from './routes/compat.routes';
import { sendGridRouter } from './routes/sendgrid.routes';
import { telnyxCallsRouter } from './routes/telnyx-calls.routes';
import { twilioCallsRouter } from './routes/twilio-calls.routes';
import { twilioRouter } from './routes/twilio.routes';
import { unsubscribeRouter } from './routes/unsubscribe.routes';
import { unsubscribeByMail } from './unsubscribe/mailto-unsubscribe';
import { TWILIO_VOICE_BASE, twilioVoiceRouter } from './routes/twilio-voice.routes';
import { UNSUBSCRIBE_PATH } from '@switchboard/tenancy';
import { createInboundCallRepository } from './voice/inbound-call.repository';
import { createWebhookLogRepository } from './webhook-log.repository';
import { createWebhookLogRetention } from './webhook-log-retention';

export interface WebhookIngestDeps {
  config: WebhookIngestConfig;
  log: Logger;
  metrics: ServiceMetrics;
  database: Db;
  nats: Nats;
  /** Keeps the per-source refusal budgets every replica shares. */
  redis: Redis;
}

/** webhook-ingest: provider callbacks, verified and audited, turned into contract events. */
export function createWebhookIngest(deps: WebhookIngestDeps): Service & { port(): number } {
  const { config, log, metrics, database, nats, redis } = deps;
  let boundPort = 0;

  const refusals = createRefusalLimiter({
    redis,
    limit: config.WEBHOOK_REFUSAL_LIMIT,
    windowS: config.WEBHOOK_REFUSAL_WINDOW_S,
    cacheMs: config.WEBHOOK_REFUSAL_CACHE_MS,
    log,
    metrics,
  });
  const retention = createWebhookLogRetention({
    db: database.db,
    retentionDays: config.WEBHOOK_LOG_RETENTION_DAYS,
    batchSize: config.WEBHOOK_LOG_RETENTION_BATCH,
    intervalMs: config.WEBHOOK_LOG_RETENTION_INTERVAL_MS,
    log,
  });
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
    refusals,
  };

  const { storage, scanner } = openMedia(config);
  const inboundParseMedia = { storage, scanner, maxBytes: config.MEDIA_MAX_BYTES };
  const callContent = (id: string) =>
    callRpc(nats.requests, RpcContracts.getCallContent, { message_id: id });
  const http = createHttpService({
    log,
    metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
    routes: (app) => {
      app.use(securityHeaders());
      app.set('trust proxy', 'loopback, linklocal, uniquelocal');
      // A source that keeps sending webhooks that do not verify is turned away before any body
      // is read.
      app.use(['/api/v1/webhooks', '/api/webhooks'], refusals.guard);
      app.use(
        TWILIO_VOICE_BASE,
        twilioVoiceRouter(config, ingestDeps, createInboundCallRepository(database.db)),
      );
      app.use('/api/v1/webhooks/twilio', twilioRouter(config, ingestDeps));
      app.use('/api/v1/webhooks/twilio/calls', twilioCallsRouter(config, ingestDeps, callContent));
      app.use('/api/v1/webhooks/telnyx/calls', telnyxCallsRouter(config, ingestDeps, callContent));
      app.use(
        '/api/v1/webhooks/sendgrid',
        sendGridRouter(
          config,
          ingestDeps,
          (fields) =>
            unsubscribeByMail(
              {
                db: database.db,
                secret: config.UNSUBSCRIBE_SECRET,
                mailbox: config.UNSUBSCRIBE_MAILTO,
                log,
              },
              fields,
            ),
          inboundParseMedia,
        ),
      );
      app.use('/api/webhooks', compatWebhooksRouter(config, ingestDeps));
      app.use(
        UNSUBSCRIBE_PATH,
        unsubscribeRouter({
          db: database.db,
          secret: config.UNSUBSCRIBE_SECRET,
          log,
          metrics,
          refusals,
        }),
      );
    },
  });

  return {
    port: () => boundPort,
    async start() {
      const address = await http.listen(config.WEBHOOK_INGEST_PORT, config.HOST);
      boundPort = address.port;
      retention.start();
      log.info({ port: boundPort }, 'webhook-ingest ready');
    },
    async stop() {
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await retention.stop();
      await closeRedis(redis);
      await nats.close();
      storage.close();
      await database.close();
    },
  };
}
