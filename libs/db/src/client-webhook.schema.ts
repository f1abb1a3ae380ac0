import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** A tenant's webhook endpoint: where its client events are delivered, signed with `secret`. */
export interface WebhookEndpointTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  /** Event types delivered, or `['*']` for all. */
  event_types: string[];
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  /** The signing secret (`whsec_…`). */
  secret: string;
  /** The secret before the last rotation, still signing until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  /** Since when every attempt to it has failed; `null` after a success (or none yet). */
  failing_since: Generated<Date | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One client event to deliver to one endpoint. */
export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  tenant_id: string;
  event_id: string;
  event_type: string;
  conversation_id: string | null;
  payload: Json<unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  lease_until: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One attempt of a delivery: what the endpoint answered, and how long it took. */
export interface WebhookAttemptTable {
  id: Generated<string>;
  delivery_id: string;
  attempted_at: Generated<Date>;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
