import {
  channelOf,
  type ConsentRefusal,
  type MessageResource,
  type SendMessageCommand,
} from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { Counter, Histogram, type ServiceMetrics } from '@switchboard/observability';
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

/** Call lengths: a voicemail drop lasts seconds, a conversation minutes. */
const CALL_DURATION_BUCKETS = [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1800];

/**
 * Who answered a call, in few words: `human`, `machine` (any of the detection's machine and fax
 * results), `unknown` (answered, no detection), `none` (never answered).
 */
function answererOf(callStatus: string, answeredBy: string | null): string {
  if (answeredBy === 'human') return 'human';
  if (answeredBy?.startsWith('machine') || answeredBy === 'fax') return 'machine';
  return callStatus === 'completed' ? 'unknown' : 'none';
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
  const calls = new Counter({
    name: 'voice_calls_total',
    help: 'Outbound and inbound calls ended, by provider, outcome (the provider call status: completed, busy, no-answer, failed, canceled) and who answered (human, machine, unknown, none)',
    labelNames: ['provider', 'outcome', 'answered_by'] as const,
    registers,
  });
  const callDuration = new Histogram({
    name: 'voice_call_duration_seconds',
    help: 'How long answered calls lasted, by provider and who answered',
    labelNames: ['provider', 'answered_by'] as const,
    buckets: CALL_DURATION_BUCKETS,
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
    countTransition: (t) => {
      transitions.inc({
        status: t.status,
        channel: channelOf(t.type),
        provider: t.provider ?? 'none',
        direction: t.direction,
      });
      if (t.call) {
        const provider = t.provider ?? 'none';
        const answeredBy = answererOf(t.call.provider_status, t.call.answered_by);
        calls.inc({ provider, outcome: t.call.provider_status, answered_by: answeredBy });
        if (t.call.provider_status === 'completed' && t.call.duration_seconds !== null) {
          callDuration.observe({ provider, answered_by: answeredBy }, t.call.duration_seconds);
        }
      }
    },
    relayed,
    statusEvents,
    inboundMessages,
    redriven,
  };
}
