import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  WebhookAttemptTable,
  WebhookDeliveryTable,
  WebhookEndpointTable,
} from './client-webhook.schema';

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
  /** What a caller to this number hears before the beep; null: the default greeting. */
  voice_greeting: Generated<string | null>;
  /** Calls to this number are forwarded here (E.164) instead of taking a voicemail. */
  voice_forward_to: Generated<string | null>;
}

/** A call to one of our numbers, as webhook-ingest answered it: what its later callbacks belong to. */
export interface InboundCallTable {
  call_sid: string;
  provider: string;
  from_addr: string;
  to_addr: string;
  /** `voicemail` (greeting and `<Record>`), `forward` (`<Dial>`) or `unclaimed` (hung up). */
  mode: 'voicemail' | 'forward' | 'unclaimed';
  recording_url: string | null;
  duration_seconds: number | null;
  recorded_at: Date | null;
  ended_at: Date | null;
  created_at: Generated<Date>;
}

/** Inbound messages to an address no tenant has claimed, kept until one does. */
export interface ParkedInboundTable {
  event_id: string;
  recipient: string;
  payload: Json<unknown>;
  received_at: Generated<Date>;
}

/**
 * A recipient a tenant may not message: an SMS opt-out (STOP) or an email suppression (bounce,
 * complaint, unsubscribe, added by hand). `sender` '' covers every sender of the tenant.
 */
export interface SuppressionTable {
  id: string;
  tenant_id: string;
  channel: 'phone' | 'email';
  address: string;
  sender: ColumnType<string, string | undefined, string>;
  reason: string;
  source: string | null;
  note: string | null;
  /** The auto-replies answering the recipient's keywords: the messages still allowed to reach them. */
  allowed_message_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string;
  created_at: Generated<Date>;
}

/** Every change to a suppression list: who, when, why. */
export interface SuppressionAuditTable {
  id: Generated<string>;
  tenant_id: string;
  channel: string;
  address: string;
  sender: string;
  action: 'added' | 'removed';
  reason: string;
  actor: string;
  note: string | null;
  source: string | null;
  at: Generated<Date>;
}

/** A soft bounce, counted towards suppressing the address. */
export interface SoftBounceTable {
  event_id: string;
  tenant_id: string;
  address: string;
  occurred_at: Date;
}

/** A tenant's consent settings; defaults apply where null (or without a row). */
export interface ConsentSettingsTable {
  tenant_id: string;
  opt_out_scope: ColumnType<'sender' | 'tenant', 'sender' | 'tenant' | undefined>;
  business_name: string | null;
  contact: string | null;
  opt_out_reply: string | null;
  opt_in_reply: string | null;
  help_reply: string | null;
  /** Quiet hours in the recipient's local time, minutes after midnight; null: none. */
  quiet_hours_start: ColumnType<number | null, number | null | undefined, number | null>;
  quiet_hours_end: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: Generated<Date>;
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
  /** Outbound: `marketing` or `transactional`; null for inbound (and older outbound: marketing). */
  category: ColumnType<
    'marketing' | 'transactional' | null,
    'marketing' | 'transactional' | null | undefined,
    'marketing' | 'transactional' | null
  >;
  /** Held for the tenant's quiet hours until this instant; null when not held. */
  hold_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
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

/** A stored file: bytes in object storage, the sniffed type and the scanner's verdict here. */
export interface MediaTable {
  id: string;
  tenant_id: string;
  sha256: string;
  /** bigint: node-postgres reads it as a string. */
  size: ColumnType<string, number, number>;
  content_type: string;
  original_name: string | null;
  source: 'upload' | 'url' | 'inbound';
  scan_status: 'pending' | 'clean' | 'infected' | 'error';
  scan_signature: string | null;
  scanned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  storage_key: string;
  created_at: ColumnType<Date, never, never>;
  /** Last uploaded again, resolved for a send or fetched again; retention counts from it. */
  last_used_at: ColumnType<Date, never, Date>;
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
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  suppressions: SuppressionTable;
  suppression_audit: SuppressionAuditTable;
  soft_bounces: SoftBounceTable;
  consent_settings: ConsentSettingsTable;
  inbound_calls: InboundCallTable;
  media: MediaTable;
}

export type TenantRow = Selectable<TenantTable>;
export type SuppressionRow = Selectable<SuppressionTable>;
export type InboundCallRow = Selectable<InboundCallTable>;
export type MediaRow = Selectable<MediaTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessageRow = Insertable<MessageTable>;
export type MessageUpdate = Updateable<MessageTable>;
export type MessageEventRow = Selectable<MessageEventTable>;
export type NewMessageEventRow = Insertable<MessageEventTable>;
export type OutboxRow = Selectable<OutboxTable>;
