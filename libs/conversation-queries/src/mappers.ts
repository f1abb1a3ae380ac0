import { DEFAULT_MESSAGE_CATEGORY } from '@switchboard/contracts';
import type {
  ConversationResource,
  MessageEventResource,
  MessageResource,
  MessageStatus,
} from '@switchboard/contracts';
import type { ConversationRow, MessageEventRow, MessageRow, MessageTable } from '@switchboard/db';

/**
 * Every column of a message row — not `*`, which would also read the generated full-text
 * `search` vector, as large as the text itself and never shown.
 */
export const MESSAGE_COLUMNS = [
  'id',
  'tenant_id',
  'conversation_id',
  'direction',
  'type',
  'from_addr',
  'to_addr',
  'subject',
  'body',
  'attachments',
  'metadata',
  'status',
  'provider',
  'provider_message_id',
  'encoding',
  'segments',
  'error_code',
  'error_message',
  'client_timestamp',
  'voice',
  'answered_by',
  'duration_seconds',
  'dispatch_seq',
  'dispatch_generation',
  'idempotency_key',
  'category',
  'hold_until',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof MessageTable)[];
// A column added to MessageTable but not above fails to compile here.
const everyColumn: readonly (typeof MESSAGE_COLUMNS)[number][] = [] as (keyof MessageTable)[];
void everyColumn;

export function toMessageResource(row: MessageRow): MessageResource {
  return {
    id: row.id,
    conversation_id: row.conversation_id,
    direction: row.direction,
    type: row.type,
    from: row.from_addr,
    to: row.to_addr,
    subject: row.subject,
    body: row.body,
    attachments: row.attachments,
    metadata: row.metadata,
    category: row.direction === 'outbound' ? (row.category ?? DEFAULT_MESSAGE_CATEGORY) : null,
    status: row.status as MessageStatus,
    provider: row.provider,
    provider_message_id: row.provider_message_id,
    encoding: row.encoding as MessageResource['encoding'],
    segments: row.segments,
    error_code: row.error_code,
    error_message: row.error_message,
    voice: row.voice,
    answered_by: row.answered_by,
    duration_seconds: row.duration_seconds,
    timestamp: row.client_timestamp,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toConversationResource(row: ConversationRow): ConversationResource {
  return {
    id: row.id,
    channel: row.channel,
    participants: [row.participant_a, row.participant_b],
    message_count: row.message_count,
    last_message_at: row.last_message_at?.toISOString() ?? null,
    last_message_preview: row.last_message_preview,
    created_at: row.created_at.toISOString(),
  };
}

export function toMessageEventResource(row: MessageEventRow): MessageEventResource {
  return {
    id: row.event_id,
    message_id: row.message_id,
    status: row.status as MessageStatus,
    provider: row.provider,
    provider_message_id: row.provider_message_id,
    error_code: row.error_code,
    error_message: row.error_message,
    provider_status: row.provider_status,
    answered_by: row.answered_by,
    duration_seconds: row.duration_seconds,
    applied: row.applied,
    occurred_at: row.occurred_at.toISOString(),
    recorded_at: row.recorded_at.toISOString(),
  };
}
