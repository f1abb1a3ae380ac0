import {
  CONVERSATION_SERVICE_QUEUE,
  GetByIdQuery,
  InboundMessageEvent,
  ListConversationMessagesRpc,
  ListConversationsRpc,
  ListMessagesRpc,
  Rpc,
  SearchConversationsRpc,
  SendMessageCommand,
  StatusEvent,
  Streams,
  Subjects,
} from '@switchboard/contracts';
import { migrateToLatest, type Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import {
  ack,
  ensureConsumer,
  ensureStreams,
  serveRpc,
  startConsumer,
  type Nats,
  type RunningConsumer,
} from '@switchboard/messaging';
import {
  Counter,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { z } from 'zod';
import type { ConversationServiceConfig } from './config';
import { applyStatus, sweepParkedStatuses } from './handlers/apply-status.handler';
import { recordInbound } from './handlers/record-inbound.handler';
import { sendMessage } from './handlers/send-message.handler';
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

/** The tenant inbound messages belong to until numbers and addresses are assigned to tenants. */
const DEFAULT_INBOUND_TENANT = 'development';
const PARKED_SWEEP_MS = 2_000;

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
  let boundPort = 0;
  const subscriptions: { unsubscribe(): void; drain(): Promise<void> }[] = [];
  let statusConsumer: RunningConsumer | undefined;
  let inboundConsumer: RunningConsumer | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  const accepted = new Counter({
    name: 'messages_accepted_total',
    help: 'Messages stored, by channel type and direction',
    labelNames: ['type', 'direction'],
    registers: [metrics.registry],
  });
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
    help: 'Inbound messages consumed, by type and outcome (stored, duplicate)',
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

  const http = createHttpService({
    log,
    metrics,
    checks: { postgres: () => database.ping(), nats: () => nats.ping() },
  });

  const serve = <S extends z.ZodType>(
    subject: string,
    schema: S,
    handle: (req: z.output<S>) => Promise<unknown>,
  ) => {
    subscriptions.push(
      serveRpc(nats.nc, { subject, queue: CONVERSATION_SERVICE_QUEUE, schema, log, handle }),
    );
  };

  return {
    port: () => boundPort,
    async start() {
      if (config.MIGRATE_ON_START) await migrateToLatest(db);
      await ensureStreams(nats.jsm, undefined, config.NATS_STREAM_REPLICAS);
      await ensureConsumer(nats.jsm, {
        stream: Streams.events.name,
        durable: STATUS_CONSUMER,
        filterSubject: Subjects.statusAll,
      });
      await ensureConsumer(nats.jsm, {
        stream: Streams.events.name,
        durable: INBOUND_CONSUMER,
        filterSubject: Subjects.inboundAll,
      });

      serve(Rpc.sendMessage, SendMessageCommand, async (cmd) => {
        const message = await sendMessage(
          { db, partitions: config.PARTITIONS, onCommitted: () => relay.wake() },
          cmd,
        );
        accepted.inc({ type: message.type, direction: message.direction });
        return message;
      });
      serve(Rpc.getMessage, GetByIdQuery, (q) => getMessage(db, q));
      serve(Rpc.listMessages, ListMessagesRpc, (q) => listMessages(db, q));
      serve(Rpc.listMessageEvents, GetByIdQuery, (q) => listMessageEvents(db, q));
      serve(Rpc.getConversation, GetByIdQuery, (q) => getConversation(db, q));
      serve(Rpc.listConversations, ListConversationsRpc, (q) => listConversations(db, q));
      serve(Rpc.listConversationMessages, ListConversationMessagesRpc, (q) =>
        listConversationMessages(db, q),
      );
      serve(Rpc.searchConversations, SearchConversationsRpc, (q) => searchConversations(db, q));

      relay.start();
      statusConsumer = await startConsumer({
        js: nats.js,
        stream: Streams.events.name,
        durable: STATUS_CONSUMER,
        schema: StatusEvent,
        log,
        concurrency: config.EVENT_CONCURRENCY,
        keyOf: (event) => event.message_id ?? `${event.provider}:${event.provider_message_id}`,
        handle: async (event) => {
          const outcome = await applyStatus(db, event);
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
        // One conversation's inbound messages are stored in the order they arrived.
        keyOf: (event) => [event.from, event.to].sort().join('|'),
        handle: async (event) => {
          const outcome = await recordInbound(db, DEFAULT_INBOUND_TENANT, event);
          inboundMessages.inc({ type: event.type, outcome });
          return ack();
        },
      });
      const sweep = async () => {
        try {
          const applied = await sweepParkedStatuses(db);
          if (applied) statusEvents.inc({ status: 'parked', outcome: 'applied_late' }, applied);
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
      clearTimeout(sweepTimer);
      await Promise.all([statusConsumer?.stop(), inboundConsumer?.stop()]);
      await relay.stop();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      await database.close();
    },
  };
}
