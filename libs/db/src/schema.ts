import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantTable {
  id: string;
  name: string;
  /** The tenant's own rate limit (both set or both null: the gateway's default applies). */
  rate_limit_requests: ColumnType<number | null, number | null | undefined, number | null>;
  rate_limit_period_s: ColumnType<number | null, number | null | undefined, number | null>;
  /** The `iss` a JWT must carry to act as this tenant; unique: an issuer speaks for one tenant. */
  jwt_issuer: ColumnType<string | null, string | null | undefined, string | null>;
  /** The JWKS this tenant's tokens are verified against; the deployment's keys when null. */
  jwt_jwks_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

/** A tenant's API key: the public prefix finds it, a keyed hash of the whole key proves it. */
export interface ApiKeyTable {
  id: string;
  tenant_id: string;
  prefix: string;
  /** HMAC-SHA256(SECRET_KEY, key), hex. The key itself is never stored. */
  hash: string;
  name: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** Which tenant owns a phone number or email address (normalised): inbound goes to it. */
export interface TenantAddressTable {
  address: string;
  tenant_id: string;
  channel: 'phone' | 'email';
  created_at: Generated<Date>;
}

/** Inbound messages to an address no tenant has claimed, kept until one does. */
export interface ParkedInboundTable {
  event_id: string;
  recipient: string;
  payload: Json<unknown>;
  received_at: Generated<Date>;
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
  /** Outbound messages accepted so far: each outbound message's dispatch sequence. */
  outbound_seq: Generated<number>;
  created_at: Generated<Date>;
}

export interface MessageTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  direction: 'outbound' | 'inbound';
  type: 'sms' | 'mms' | 'email' | 'voice' | 'voicemail';
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
  /** A call's voice options (language, voice, on_human); null for other types. */
  voice: ColumnType<
    { language?: string; voice?: string; on_human: 'play' | 'hangup' } | null,
    string | null | undefined,
    string | null
  >;
  /** Who answered a call, as answering-machine detection reported it. */
  answered_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** A completed call's duration in seconds. */
  duration_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  /** Position among the conversation's outbound messages: dispatch follows it. */
  dispatch_seq: number | null;
  /** 0 for the first dispatch, n after the n-th manual retry. */
  dispatch_generation: Generated<number>;
  /** The client's idempotency key, as the gateway scoped it; unique per tenant. */
  idempotency_key: string | null;
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
  /** The provider's own status word (a call's `ringing`, …). */
  provider_status: ColumnType<string | null, string | null | undefined, string | null>;
  answered_by: ColumnType<string | null, string | null | undefined, string | null>;
  duration_seconds: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** The body as received; null for a refused request, of which only the digest is kept. */
  body: string | null;
  /** A refused request's body: its sha256 (hex) and size; null when it was never read. */
  body_sha256: string | null;
  body_bytes: number | null;
  signature_verdict: string;
  outcome: string;
  detail: string | null;
  received_at: Generated<Date>;
  completed_at: Date | null;
}

/** The dispatchers' record of each message handed (or about to be handed) to a provider. */
export interface DispatchLedgerTable {
  message_id: string;
  conversation_id: string;
  generation: number;
  state: 'pending' | 'attempting' | 'sent' | 'failed';
  provider: string | null;
  provider_message_id: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  attempt_started_at: Date | null;
  /** Deliveries of the current generation that took the lease (order waits not counted). */
  deliveries: Generated<number>;
  updated_at: Generated<Date>;
}

/** The next outbound sequence each conversation may dispatch. */
export interface DispatchSequenceTable {
  conversation_id: string;
  next_seq: number;
  updated_at: Generated<Date>;
}

/** The next moment a paced sender may send. */
export interface SenderPacingTable {
  sender: string;
  next_at: Generated<Date>;
}

export interface Database {
  tenants: TenantTable;
  conversations: ConversationTable;
  messages: MessageTable;
  message_events: MessageEventTable;
  pending_status_events: PendingStatusEventTable;
  outbox: OutboxTable;
  webhook_logs: WebhookLogTable;
  dispatch_ledger: DispatchLedgerTable;
  dispatch_sequences: DispatchSequenceTable;
  sender_pacing: SenderPacingTable;
  api_keys: ApiKeyTable;
  tenant_addresses: TenantAddressTable;
  parked_inbound: ParkedInboundTable;
}

export type TenantRow = Selectable<TenantTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessageRow = Insertable<MessageTable>;
export type MessageUpdate = Updateable<MessageTable>;
export type MessageEventRow = Selectable<MessageEventTable>;
export type NewMessageEventRow = Insertable<MessageEventTable>;
export type OutboxRow = Selectable<OutboxTable>;
