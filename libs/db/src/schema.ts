import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface ConversationTable {
  id: string;
  tenant_id: string;
  channel: 'phone' | 'email';
  /** The normalised participant pair, sorted, so either direction finds the same row. */
  participant_a: string;
  participant_b: string;
  message_count: Generated<number>;
  last_message_at: Date | null;
  last_message_preview: string | null;
  created_at: Generated<Date>;
}

export interface MessageTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  direction: 'outbound' | 'inbound';
  type: 'sms' | 'mms' | 'email';
  from_addr: string;
  to_addr: string;
  subject: string | null;
  body: string;
  attachments: Json<string[]>;
  metadata: Json<Record<string, unknown> | null>;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  encoding: string | null;
  segments: number | null;
  error_code: string | null;
  error_message: string | null;
  client_timestamp: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessageEventTable {
  id: Generated<string>;
  message_id: string;
  event_id: string;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  applied: boolean;
  occurred_at: Timestamp;
  recorded_at: Generated<Date>;
}

/** Status events that arrived before the message they refer to was known. */
export interface PendingStatusEventTable {
  event_id: string;
  provider: string;
  provider_message_id: string;
  payload: Json<unknown>;
  received_at: Generated<Date>;
}

/** Rows written in the same transaction as the change they announce; relayed to JetStream. */
export interface OutboxTable {
  id: Generated<string>;
  subject: string;
  msg_id: string;
  payload: Json<unknown>;
  headers: Json<Record<string, string>>;
  created_at: Generated<Date>;
}

export interface WebhookLogTable {
  id: Generated<string>;
  provider: string;
  route: string;
  headers: Json<Record<string, string>>;
  body: string;
  signature_verdict: string;
  outcome: string;
  detail: string | null;
  received_at: Generated<Date>;
  completed_at: Date | null;
}

export interface Database {
  tenants: TenantTable;
  conversations: ConversationTable;
  messages: MessageTable;
  message_events: MessageEventTable;
  pending_status_events: PendingStatusEventTable;
  outbox: OutboxTable;
  webhook_logs: WebhookLogTable;
}

export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessageRow = Insertable<MessageTable>;
export type MessageUpdate = Updateable<MessageTable>;
export type MessageEventRow = Selectable<MessageEventTable>;
export type OutboxRow = Selectable<OutboxTable>;
