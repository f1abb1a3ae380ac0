import { DEVELOPMENT_TENANT } from '@switchboard/contracts';
import { createDb, migrateToLatest, type Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import { ensureStreams, type Nats } from '@switchboard/messaging';
import type { MalwareScanner, MediaStorage } from '@switchboard/media';
import {
  Counter,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import {
  authModeOf,
  createSecretBox,
  endpointPolicyOf,
  providerBaseUrl,
} from '@switchboard/config';
import { sendersMustBeClaimed } from '@switchboard/tenancy';
import type { ConversationServiceConfig } from '@switchboard/app-config/conversation-service';
import { createConversationMetrics } from './conversation-metrics';
import { createConversationRpc } from './conversation-rpc';
import { createEventConsumers } from './event-consumers';
import { createInboundMediaMetrics } from './inbound-media-metrics';
import { hasInboundMedia, resolveInboundMedia } from './handlers/inbound-media.handler';
import { createOutboxRelay } from './outbox-relay';
import { createMediaRetentionSweeper } from './media-retention-sweeper';
import { createReplicaReads } from './replica-reads';
import { createParkedEventSweeper } from './parked-event-sweeper';
import { createStuckMessageSweeper } from './stuck-message-sweeper';
import { sealStoredSecrets } from './webhook-endpoints/webhook-endpoint.repository';

export { INBOUND_CONSUMER, STATUS_CONSUMER } from './event-consumers';

/** Twilio's API, where inbound MMS media are served in production. */
const TWILIO_API_ORIGIN = 'https://api.twilio.com';

export interface ConversationServiceDeps {
  config: ConversationServiceConfig;
  log: Logger;
  metrics: ServiceMetrics;
  database: Db;
  nats: Nats;
  /**
   * Where media bytes are kept and what scans them: inbound files are stored and scanned here,
   * and retention deletes them with their records.
   */
  storage: MediaStorage;
  scanner: MalwareScanner;
}

/** Whether `nats` is connected now, kept from its status events. */
function connectionState(nats: Nats): () => boolean {
  let up = !nats.nc.isClosed();
  void (async () => {
    for await (const status of nats.nc.status()) {
      if (status.type === 'disconnect' || status.type === 'close') up = false;
      if (status.type === 'reconnect') up = true;
    }
  })().catch(() => undefined);
  return () => up && !nats.nc.isClosed();
}

/**
 * conversation-service: owns conversations, messages and their lifecycle. Composes its parts:
 * request/reply routes, event consumers, the outbox relay and the sweepers (stuck messages,
 * parked events, media past their retention).
 */
export function createConversationService(
  deps: ConversationServiceDeps,
): Service & { port(): number } {
  const { config, log, database, nats } = deps;
  const db = database.db;
  let boundPort = 0;

  const metrics = createConversationMetrics(deps.metrics, db);
  const reads = createReplicaReads({
    primary: db,
    replica: config.DATABASE_REPLICA_URL
      ? createDb({ url: config.DATABASE_REPLICA_URL, poolMax: config.POSTGRES_POOL_MAX })
      : undefined,
    maxLagMs: config.REPLICA_MAX_LAG_MS,
    checkIntervalMs: config.REPLICA_CHECK_INTERVAL_MS,
    log,
    registry: deps.metrics.registry,
  });
  const natsUp = connectionState(nats);
  const relay = createOutboxRelay({
    db,
    // One acknowledgement subscription for every relayed row, not a request per row.
    js: nats.publisher,
    connected: natsUp,
    log,
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollMs: config.OUTBOX_POLL_MS,
    onRelayed: (n) => metrics.relayed.inc(n),
  });
  const send = {
    db,
    partitions: config.PARTITIONS,
    sendersMustBeClaimed: sendersMustBeClaimed(config),
    onCommitted: () => relay.wake(),
    onRefused: metrics.countRefused,
  };
  const endpointSecrets = createSecretBox(config.WEBHOOK_SECRETS_KEY);
  const rpc = createConversationRpc({
    nc: nats.nc,
    log,
    send,
    metrics,
    sendGroupMax: config.SEND_GROUP_MAX,
    sendGroupConcurrency: config.SEND_GROUP_CONCURRENCY,
    webhookEndpoints: { policy: endpointPolicyOf(config), secrets: endpointSecrets },
    reads,
  });
  // Inbound MMS media and email attachments become the tenant's media before their message is
  // stored: fetched from Twilio with the account's credentials, stored and scanned.
  const { storage, scanner } = deps;
  const mediaMetrics = createInboundMediaMetrics(deps.metrics);
  const inboundMediaDeps = {
    db,
    storage,
    scanner,
    twilio: {
      origin: providerBaseUrl(config.TWILIO_BASE_URL, config.ENVIRONMENT) ?? TWILIO_API_ORIGIN,
      username: config.TWILIO_ACCOUNT_SID,
      password: config.TWILIO_AUTH_TOKEN,
    },
    redirectPolicy: endpointPolicyOf(config),
    maxBytes: config.MEDIA_MAX_BYTES,
    timeoutMs: config.INBOUND_MEDIA_TIMEOUT_MS,
    log,
    onFile: mediaMetrics.countFile,
  };
  const media = async (tenantId: string, event: Parameters<typeof hasInboundMedia>[0]) =>
    hasInboundMedia(event) ? resolveInboundMedia(inboundMediaDeps, tenantId, event) : undefined;
  const consumers = createEventConsumers({
    media,
    onMediaHeld: mediaMetrics.countHeld,
    nats,
    log,
    database,
    config,
    metrics,
    send,
    // Inbound to an address nobody claimed: the development tenant's in development, else parked.
    unclaimedOwner: authModeOf(config) === 'optional' ? DEVELOPMENT_TENANT : undefined,
  });
  const stuckSweeper = createStuckMessageSweeper({
    db,
    log,
    partitions: config.PARTITIONS,
    stuckAfterMs: config.STUCK_MESSAGE_AFTER_MS,
    intervalMs: config.STUCK_SWEEP_INTERVAL_MS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    onRedriven: (n) => metrics.redriven.inc(n),
    onCommitted: () => relay.wake(),
  });
  const parkedSweeper = createParkedEventSweeper({ db, log, metrics, media });
  const mediaDeleted = new Counter({
    name: 'media_retention_deleted_total',
    help: 'Media deleted (record and object) because they were past MEDIA_RETENTION_DAYS',
    registers: [deps.metrics.registry],
  });
  const mediaSweeper = createMediaRetentionSweeper({
    db,
    storage,
    log,
    retentionDays: config.MEDIA_RETENTION_DAYS,
    intervalMs: config.MEDIA_RETENTION_SWEEP_MS,
    onDeleted: (n) => mediaDeleted.inc(n),
  });
  const http = createHttpService({
    log,
    metrics: deps.metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
  });

  return {
    port: () => boundPort,
    async start() {
      if (config.MIGRATE_ON_START) await migrateToLatest(db);
      const sealed = await sealStoredSecrets({ db, secrets: endpointSecrets });
      if (sealed > 0) log.info({ endpoints: sealed }, 'sealed stored webhook endpoint secrets');
      await ensureStreams(nats.jsm, undefined, config.NATS_STREAM_REPLICAS);
      await consumers.provision();
      reads.start();
      rpc.start();
      relay.start();
      stuckSweeper.start();
      await consumers.start();
      parkedSweeper.start();
      mediaSweeper.start();
      const address = await http.listen(config.CONVERSATION_SERVICE_PORT, config.HOST);
      boundPort = address.port;
      log.info({ port: boundPort }, 'conversation-service ready');
    },
    async stop() {
      parkedSweeper.stop();
      mediaSweeper.stop();
      http.drain();
      await rpc.stop();
      stuckSweeper.stop();
      await consumers.stop();
      await relay.stop();
      await reads.stop();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      storage.close();
      await database.close();
    },
  };
}
