import { InboundMessageEvent, StatusEvent, Streams, Subjects } from '@switchboard/contracts';
import { createGroupCommit, isDatabaseUnavailable, type Db } from '@switchboard/db';
import {
  ack,
  ensureConsumer,
  nak,
  startConsumer,
  UNLIMITED_DELIVERIES,
  type Nats,
  type PauseOnOutage,
  type RunningConsumer,
} from '@switchboard/messaging';
import { annotateActiveSpan, type Logger } from '@switchboard/observability';
import type { ConversationServiceConfig } from '@switchboard/app-config/conversation-service';
import type { ConversationMetrics } from './conversation-metrics';
import { applyStatuses, type StatusResult } from './handlers/apply-status.handler';
import { answerConsentKeyword } from './handlers/consent-keyword.handler';
import { InboundMediaHeldError } from './handlers/inbound-media.handler';
import { receiveInbound, type ReceiveInboundDeps } from './handlers/receive-inbound.handler';
import {
  recordRecipientSignal,
  type RecipientSignalDeps,
} from './handlers/recipient-signal.handler';
import type { SendBatchDeps } from './handlers/send-batch.handler';

export const STATUS_CONSUMER = 'conversation-service-status';
export const INBOUND_CONSUMER = 'conversation-service-inbound';

export interface EventConsumersDeps {
  nats: Nats;
  log: Logger;
  database: Db;
  config: Pick<
    ConversationServiceConfig,
    | 'EVENT_CONCURRENCY'
    | 'EVENT_PAUSE_PROBE_MS'
    | 'EVENT_RETRY_BASE_MS'
    | 'EVENT_RETRY_MAX_MS'
    | 'STATUS_GROUP_MAX'
    | 'STATUS_GROUP_CONCURRENCY'
    | 'SOFT_BOUNCE_LIMIT'
    | 'SOFT_BOUNCE_WINDOW_MS'
  >;
  metrics: Pick<
    ConversationMetrics,
    | 'countAccepted'
    | 'countTransition'
    | 'statusEvents'
    | 'inboundMessages'
    | 'consentKeywords'
    | 'suppressions'
  >;
  /** How auto-replies to STOP/START/HELP are stored: as any outbound message. */
  send: SendBatchDeps;
  /** Who owns inbound to an address nobody claimed (the development tenant); else it is parked. */
  unclaimedOwner: string | undefined;
  /** Inbound files stored and scanned before their message (see `resolveInboundMedia`). */
  media?: ReceiveInboundDeps['media'];
  /** Counts an inbound message handed back to wait for clamd or the provider. */
  onMediaHeld?: (reason: InboundMediaHeldError['reason']) => void;
}

export interface EventConsumers {
  /** Creates the durable consumers (idempotent); they exist before any event is published. */
  provision(): Promise<void>;
  /** Starts consuming status and inbound events. */
  start(): Promise<void>;
  /** Stops consuming and waits for the events being applied. */
  stop(): Promise<void>;
}

/** The two JetStream consumers: provider status events and inbound messages. */
export function createEventConsumers(deps: EventConsumersDeps): EventConsumers {
  const { nats, log, database, config, metrics, unclaimedOwner, send, media } = deps;
  const db = database.db;
  let statusConsumer: RunningConsumer | undefined;
  let inboundConsumer: RunningConsumer | undefined;
  // Status events handled at once are applied together: one transaction for a burst.
  const signals: RecipientSignalDeps = {
    db,
    softBounceLimit: config.SOFT_BOUNCE_LIMIT,
    softBounceWindowMs: config.SOFT_BOUNCE_WINDOW_MS,
    onSuppressed: (reason) => metrics.suppressions.inc({ reason }),
  };
  const statusGroups = createGroupCommit<StatusEvent, StatusResult>({
    maxItems: config.STATUS_GROUP_MAX,
    maxGroups: config.STATUS_GROUP_CONCURRENCY,
    run: (events) => applyStatuses(db, events, metrics.countTransition),
  });

  return {
    async provision() {
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
    },
    async start() {
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
          metrics.statusEvents.inc({ status: event.status, outcome });
          const about = event.message_id ?? message_id;
          if (about) await recordRecipientSignal(signals, event, about);
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
        handle: async (event, ctx) => {
          let received: Awaited<ReturnType<typeof receiveInbound>>;
          try {
            received = await receiveInbound(
              { db, unclaimedOwner, ...(media ? { media } : {}) },
              event,
            );
          } catch (err) {
            if (!(err instanceof InboundMediaHeldError)) throw err;
            // Held, not lost: the event comes again after the backoff, until its files are in.
            deps.onMediaHeld?.(err.reason);
            log.warn(
              {
                event_id: event.event_id,
                provider: event.provider,
                reason: err.reason,
                seq: ctx.streamSeq,
              },
              'inbound message held until its media can be stored and scanned',
            );
            return nak(retryDelayMs(ctx.deliveryCount));
          }
          const { outcome, tenantId } = received;
          // Again for a redelivered message: an earlier delivery may have stopped halfway.
          if (tenantId) {
            await answerConsentKeyword(
              { send, onKeyword: (keyword) => metrics.consentKeywords.inc({ keyword }) },
              tenantId,
              event,
            );
          }
          metrics.inboundMessages.inc({ type: event.type, outcome });
          if (outcome === 'stored') {
            metrics.countAccepted({ type: event.type, direction: 'inbound' });
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
    },
    async stop() {
      await Promise.all([statusConsumer?.stop(), inboundConsumer?.stop()]);
      await statusGroups.idle();
    },
  };
}
