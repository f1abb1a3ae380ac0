import { channelOf, type MessageResource } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { Counter, type ServiceMetrics } from '@switchboard/observability';
import type { AppliedTransition } from './handlers/apply-status.handler';
import { observeOutbox } from './outbox-metrics';

/** What conversation-service counts: messages stored, status changes, events, the outbox. */
export interface ConversationMetrics {
  /** A message stored: outbound accepted for sending, or inbound received. */
  countAccepted(message: Pick<MessageResource, 'type' | 'direction'>): void;
  /** A status change applied to a message. */
  countTransition(transition: AppliedTransition): void;
  /** Outbox rows published to JetStream. */
  relayed: Counter;
  /** Status events consumed, by status and outcome. */
  statusEvents: Counter<'status' | 'outcome'>;
  /** Inbound messages consumed, by type and outcome. */
  inboundMessages: Counter<'type' | 'outcome'>;
  /** Outbound messages re-driven after staying queued or sending too long. */
  redriven: Counter;
}

/** Registers conversation-service's metrics (and the outbox gauges, read from `db`). */
export function createConversationMetrics(
  metrics: ServiceMetrics,
  db: Kysely<Database>,
): ConversationMetrics {
  const registers = [metrics.registry];
  const accepted = new Counter({
    name: 'messages_accepted_total',
    help: 'Messages stored: outbound accepted for sending, inbound received; by channel, type and direction',
    labelNames: ['channel', 'type', 'direction'],
    registers,
  });
  const transitions = new Counter({
    name: 'message_status_transitions_total',
    help: 'Status changes applied to messages, by the status entered, channel, provider and direction',
    labelNames: ['status', 'channel', 'provider', 'direction'],
    registers,
  });
  observeOutbox(db, metrics.registry);
  const relayed = new Counter({
    name: 'outbox_relayed_total',
    help: 'Outbox rows published to JetStream',
    registers,
  });
  const statusEvents = new Counter({
    name: 'status_events_total',
    help: 'Status events consumed, by status and outcome (applied, recorded, duplicate, parked)',
    labelNames: ['status', 'outcome'] as const,
    registers,
  });
  const inboundMessages = new Counter({
    name: 'inbound_messages_total',
    help: 'Inbound messages consumed, by type and outcome (stored, duplicate, merged into a call already stored, parked, released)',
    labelNames: ['type', 'outcome'] as const,
    registers,
  });
  const redriven = new Counter({
    name: 'messages_redriven_total',
    help: 'Outbound messages re-driven after staying queued or sending past the bound',
    registers,
  });
  return {
    countAccepted: (message) =>
      accepted.inc({
        channel: channelOf(message.type),
        type: message.type,
        direction: message.direction,
      }),
    countTransition: (t) =>
      transitions.inc({
        status: t.status,
        channel: channelOf(t.type),
        provider: t.provider ?? 'none',
        direction: t.direction,
      }),
    relayed,
    statusEvents,
    inboundMessages,
    redriven,
  };
}
