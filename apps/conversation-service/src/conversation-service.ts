import {
  AppError,
  CONVERSATION_SERVICE_QUEUE,
  DEVELOPMENT_TENANT,
  ErrorCodes,
  InboundMessageEvent,
  RpcContracts,
  StatusEvent,
  Streams,
  Subjects,
  channelOf,
  type MessageResource,
  type RpcContract,
  type RpcReplyOf,
  type RpcRequestOf,
  type SendBatchReply,
} from '@switchboard/contracts';
import {
  createGroupCommit,
  isDatabaseUnavailable,
  migrateToLatest,
  type Db,
} from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import {
  ack,
  ensureConsumer,
  ensureStreams,
  serveRpc,
  startConsumer,
  UNLIMITED_DELIVERIES,
  type Nats,
  type PauseOnOutage,
  type RunningConsumer,
} from '@switchboard/messaging';
import {
  Counter,
  annotateActiveSpan,
  outgoingHeaders,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import { authModeOf } from '@switchboard/config';
import { authenticateApiKey, sendersMustBeClaimed, tenantPrincipal } from '@switchboard/tenancy';
import type { ConversationServiceConfig } from './config';
import {
  applyStatuses,
  sweepParkedStatuses,
  type AppliedTransition,
  type StatusResult,
} from './handlers/apply-status.handler';
import { receiveInbound, releaseParkedInbound } from './handlers/receive-inbound.handler';
import { retryMessage } from './handlers/retry-message.handler';
import { createStuckMessageSweeper } from './stuck-message-sweeper';
import { sendBatch, type OutboundItem, type SendOutcome } from './handlers/send-batch.handler';
import { observeOutbox } from './outbox-metrics';
import { createOutboxRelay } from './outbox-relay';
import {
  getConversation,
  listConversations,
  searchConversations,
} from './queries/conversation.queries';
import {
  getMessage,
  listConversationMessages,
  listMessageEvents,
  listMessages,
} from './queries/message.queries';

export const STATUS_CONSUMER = 'conversation-service-status';
export const INBOUND_CONSUMER = 'conversation-service-inbound';

const PARKED_SWEEP_MS = 2_000;
const DATABASE_UNAVAILABLE = 'Messages cannot be stored or read right now; try again shortly';

export interface ConversationServiceDeps {
  config: ConversationServiceConfig;
  log: Logger;
  metrics: ServiceMetrics;
  database: Db;
  nats: Nats;
}

/** conversation-service: owns conversations, messages and their lifecycle. */
export function createConversationService(
  deps: ConversationServiceDeps,
): Service & { port(): number } {
  const { config, log, metrics, database, nats } = deps;
  const db = database.db;
  // Inbound to an address nobody claimed: the development tenant's in development, else parked.
  const unclaimedOwner = authModeOf(config) === 'optional' ? DEVELOPMENT_TENANT : undefined;
  let boundPort = 0;
  const subscriptions: { unsubscribe(): void; drain(): Promise<void> }[] = [];
  let statusConsumer: RunningConsumer | undefined;
  let inboundConsumer: RunningConsumer | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  const accepted = new Counter({
    name: 'messages_accepted_total',
    help: 'Messages stored: outbound accepted for sending, inbound received; by channel, type and direction',
    labelNames: ['channel', 'type', 'direction'],
    registers: [metrics.registry],
  });
  const transitions = new Counter({
    name: 'message_status_transitions_total',
    help: 'Status changes applied to messages, by the status entered, channel, provider and direction',
    labelNames: ['status', 'channel', 'provider', 'direction'],
    registers: [metrics.registry],
  });
  const countTransition = (t: AppliedTransition) => {
    transitions.inc({
      status: t.status,
      channel: channelOf(t.type),
      provider: t.provider ?? 'none',
      direction: t.direction,
    });
  };
  observeOutbox(db, metrics.registry);
  const relayed = new Counter({
    name: 'outbox_relayed_total',
    help: 'Outbox rows published to JetStream',
    registers: [metrics.registry],
  });
  const statusEvents = new Counter({
    name: 'status_events_total',
    help: 'Status events consumed, by status and outcome (applied, recorded, duplicate, parked)',
    labelNames: ['status', 'outcome'],
    registers: [metrics.registry],
  });

  const inboundMessages = new Counter({
    name: 'inbound_messages_total',
    help: 'Inbound messages consumed, by type and outcome (stored, duplicate, parked, released)',
    labelNames: ['type', 'outcome'],
    registers: [metrics.registry],
  });

  const relay = createOutboxRelay({
    db,
    js: nats.js,
    log,
    batchSize: config.OUTBOX_BATCH_SIZE,
    pollMs: config.OUTBOX_POLL_MS,
    onRelayed: (n) => relayed.inc(n),
  });

  const sendDeps = {
    db,
    partitions: config.PARTITIONS,
    sendersMustBeClaimed: sendersMustBeClaimed(config),
    onCommitted: () => relay.wake(),
  };
  // Concurrent single sends are stored together: one transaction for a burst (group commit).
  const singleSends = createGroupCommit<OutboundItem, SendOutcome>({
    maxItems: config.SEND_GROUP_MAX,
    maxGroups: config.SEND_GROUP_CONCURRENCY,
    run: (items) => sendBatch(sendDeps, items),
  });
  // Status events handled at once are applied together: one transaction for a burst.
  const statusGroups = createGroupCommit<StatusEvent, StatusResult>({
    maxItems: config.STATUS_GROUP_MAX,
    maxGroups: config.STATUS_GROUP_CONCURRENCY,
    run: (events) => applyStatuses(db, events, countTransition),
  });
  const countAccepted = (message: MessageResource) =>
    accepted.inc({
      channel: channelOf(message.type),
      type: message.type,
      direction: message.direction,
    });

  const redriven = new Counter({
    name: 'messages_redriven_total',
    help: 'Outbound messages re-driven after staying queued or sending past the bound',
    registers: [metrics.registry],
  });
  const sweeper = createStuckMessageSweeper({
    db,
    log,
    partitions: config.PARTITIONS,
    stuckAfterMs: config.STUCK_MESSAGE_AFTER_MS,
    intervalMs: config.STUCK_SWEEP_INTERVAL_MS,
    batchSize: config.OUTBOX_BATCH_SIZE,
    onRedriven: (n) => redriven.inc(n),
    onCommitted: () => relay.wake(),
  });

  const http = createHttpService({
    log,
    metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
  });

  const serve = <C extends RpcContract>(
    contract: C,
    handle: (req: RpcRequestOf<C>) => Promise<RpcReplyOf<C>>,
  ) => {
    subscriptions.push(
      serveRpc(nats.nc, {
        contract,
        queue: CONVERSATION_SERVICE_QUEUE,
        log,
        // A database that cannot be reached is an outage to retry (503), not a bug (500).
        handle: (req) =>
          handle(req).catch((err: unknown) => {
            throw isDatabaseUnavailable(err)
              ? new AppError(ErrorCodes.unavailable, DATABASE_UNAVAILABLE, [], { cause: err })
              : err;
          }),
      }),
    );
  };

  return {
    port: () => boundPort,
    async start() {
      if (config.MIGRATE_ON_START) await migrateToLatest(db);
      await ensureStreams(nats.jsm, undefined, config.NATS_STREAM_REPLICAS);
      // Status and inbound events cannot be asked for again (a provider was answered 200 when
      // they were published): they are redelivered until stored, however long that takes.
      await ensureConsumer(nats.jsm, {
        stream: Streams.events.name,
        durable: STATUS_CONSUMER,
        filterSubject: Subjects.statusAll,
        maxDeliver: UNLIMITED_DELIVERIES,
      });
      await ensureConsumer(nats.jsm, {
        stream: Streams.events.name,
        durable: INBOUND_CONSUMER,
        filterSubject: Subjects.inboundAll,
        maxDeliver: UNLIMITED_DELIVERIES,
      });

      serve(RpcContracts.sendMessage, async (cmd) => {
        // The trace context is taken now: the group runs in the context of whichever send started it.
        const outcome = await singleSends.submit({ cmd, headers: outgoingHeaders() });
        if (!outcome.ok) throw outcome.error;
        if (!outcome.earlier) countAccepted(outcome.message);
        return outcome.message;
      });
      serve(RpcContracts.sendBatch, async ({ commands }): Promise<SendBatchReply> => {
        const outcomes = await sendBatch(
          sendDeps,
          commands.map((cmd) => ({ cmd })),
        );
        return {
          results: outcomes.map((outcome) => {
            if (!outcome.ok) {
              const { code, message, fields } = outcome.error;
              return { ok: false, error: { code, message, fields: [...fields] } };
            }
            if (!outcome.earlier) countAccepted(outcome.message);
            return { ok: true, message: outcome.message };
          }),
        };
      });
      serve(RpcContracts.getMessage, (q) => getMessage(db, q));
      serve(RpcContracts.listMessages, (q) => listMessages(db, q));
      serve(RpcContracts.listMessageEvents, (q) => listMessageEvents(db, q));
      serve(RpcContracts.getConversation, (q) => getConversation(db, q));
      serve(RpcContracts.listConversations, (q) => listConversations(db, q));
      serve(RpcContracts.listConversationMessages, (q) => listConversationMessages(db, q));
      serve(RpcContracts.searchConversations, (q) => searchConversations(db, q));
      serve(RpcContracts.authenticateApiKey, (q) => authenticateApiKey(db, q));
      serve(RpcContracts.getTenant, async (q) => {
        const principal = await tenantPrincipal(db, q.tenant_id);
        if (!principal) throw AppError.notFound('Tenant');
        return principal;
      });
      serve(RpcContracts.retryMessage, (q) =>
        retryMessage({ db, partitions: config.PARTITIONS, onCommitted: () => relay.wake() }, q),
      );

      relay.start();
      sweeper.start();
      // While the database is down both consumers stop pulling and wait for it to answer.
      const pauseOnOutage: PauseOnOutage = {
        isOutage: isDatabaseUnavailable,
        probe: () => database.ping(),
        probeIntervalMs: config.EVENT_PAUSE_PROBE_MS,
      };
      const retryDelayMs = (delivery: number) =>
        Math.min(
          config.EVENT_RETRY_MAX_MS,
          config.EVENT_RETRY_BASE_MS * 2 ** Math.min(delivery, 7),
        );
      statusConsumer = await startConsumer({
        js: nats.js,
        stream: Streams.events.name,
        durable: STATUS_CONSUMER,
        schema: StatusEvent,
        log,
        concurrency: config.EVENT_CONCURRENCY,
        retryDelayMs,
        pauseOnOutage,
        keyOf: (event) => event.message_id ?? `${event.provider}:${event.provider_message_id}`,
        handle: async (event) => {
          const { outcome, message_id } = await statusGroups.submit(event);
          // A provider callback names only the provider's id: its consumer span learns ours
          // here, so the message's whole story can be found by its id.
          if (message_id) annotateActiveSpan({ 'switchboard.message_id': message_id });
          statusEvents.inc({ status: event.status, outcome });
          return ack();
        },
      });

      inboundConsumer = await startConsumer({
        js: nats.js,
        stream: Streams.events.name,
        durable: INBOUND_CONSUMER,
        schema: InboundMessageEvent,
        log,
        concurrency: config.EVENT_CONCURRENCY,
        retryDelayMs,
        pauseOnOutage,
        // One conversation's inbound messages are stored in the order they arrived.
        keyOf: (event) => [event.from, event.to].sort().join('|'),
        handle: async (event) => {
          const { outcome } = await receiveInbound({ db, unclaimedOwner }, event);
          inboundMessages.inc({ type: event.type, outcome });
          if (outcome === 'stored') {
            accepted.inc({
              channel: channelOf(event.type),
              type: event.type,
              direction: 'inbound',
            });
          }
          if (outcome === 'parked') {
            log.warn(
              { event_id: event.event_id, provider: event.provider, to: event.to },
              'inbound message to an address no tenant has claimed; parked until one does',
            );
          }
          return ack();
        },
      });
      const sweep = async () => {
        try {
          const applied = await sweepParkedStatuses(db, countTransition);
          if (applied) statusEvents.inc({ status: 'parked', outcome: 'applied_late' }, applied);
          const released = await releaseParkedInbound(db);
          if (released) inboundMessages.inc({ type: 'parked', outcome: 'released' }, released);
        } catch (err) {
          log.warn({ err }, 'parked status sweep failed');
        }
        if (!stopping) sweepTimer = setTimeout(() => void sweep(), PARKED_SWEEP_MS);
      };
      sweepTimer = setTimeout(() => void sweep(), PARKED_SWEEP_MS);

      const address = await http.listen(config.CONVERSATION_SERVICE_PORT, config.HOST);
      boundPort = address.port;
      log.info({ port: boundPort }, 'conversation-service ready');
    },
    async stop() {
      stopping = true;
      http.drain();
      await Promise.all(subscriptions.map((s) => s.drain().catch(() => undefined)));
      await singleSends.idle();
      clearTimeout(sweepTimer);
      sweeper.stop();
      await Promise.all([statusConsumer?.stop(), inboundConsumer?.stop()]);
      await statusGroups.idle();
      await relay.stop();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      await database.close();
    },
  };
}
