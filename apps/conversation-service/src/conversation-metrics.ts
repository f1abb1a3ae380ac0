import {
  channelOf,
  type ConsentRefusal,
  type MessageResource,
  type SendMessageCommand,
} from '@switchboard/contracts';
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
  /** Addresses put on a suppression list from provider events, by reason. */
  suppressions: Counter<'reason'>;
  /** Opt-outs, opt-ins and HELP requests acted on, by keyword. */
  consentKeywords: Counter<'keyword'>;
  /** A send refused at accept because its recipient opted out or is suppressed. */
  countRefused(cmd: Pick<SendMessageCommand, 'type'>, refusal: ConsentRefusal): void;
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
  const consentKeywords = new Counter({
    name: 'consent_keywords_total',
    help: 'SMS consent keywords acted on: opt_out (STOP…), opt_in (START…), help (HELP, INFO)',
    labelNames: ['keyword'] as const,
    registers,
  });
  const refused = new Counter({
    name: 'sends_refused_total',
    help: 'Sends refused at accept because the recipient opted out or is suppressed, by channel and reason',
    labelNames: ['channel', 'reason'] as const,
    registers,
  });
  const suppressions = new Counter({
    name: 'suppressions_added_total',
    help: 'Addresses put on a tenant suppression list from provider events (bounces, complaints, unsubscribes, SMTP rejections), by reason; opt-outs are consent_keywords_total',
    labelNames: ['reason'] as const,
    registers,
  });
  return {
    consentKeywords,
    suppressions,
    countRefused: (cmd, refusal) =>
      refused.inc({ channel: channelOf(cmd.type), reason: refusal.reason }),
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
