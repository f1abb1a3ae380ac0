import {
  CLIENT_EVENT_ID_PREFIX,
  Subjects,
  type WebhookEndpointDisabledEvent,
} from '@switchboard/contracts';
import { newId, sql, type Database, type Transaction } from '@switchboard/db';
import { outgoingHeaders } from '@switchboard/observability';

/** An endpoint an attempt just disabled, as the log line and the event describe it. */
export interface DisabledEndpoint {
  id: string;
  tenant_id: string;
  reason: string;
  failing_since: Date;
  event_id: string;
}

/**
 * Disables an enabled endpoint — when `failingForMs` is given, only if every attempt to it has
 * failed for at least that long — and writes a `webhook_endpoint.disabled` event to the outbox
 * in the caller's transaction (relayed to the CLIENT_EVENTS stream like every client event, so
 * the tenant's other endpoints and its event stream hear of it). The row lock makes exactly one
 * of concurrent attempts disable it; the others change nothing.
 */
export async function disableEndpoint(
  trx: Transaction<Database>,
  endpointId: string,
  reason: string,
  failingForMs?: number,
): Promise<DisabledEndpoint | undefined> {
  let update = trx
    .updateTable('webhook_endpoints')
    .set({ enabled: false, disabled_reason: reason, updated_at: new Date() })
    .where('id', '=', endpointId)
    .where('enabled', '=', true);
  if (failingForMs !== undefined) {
    update = update.where(
      'failing_since',
      '<=',
      sql<Date>`now() - make_interval(secs => ${failingForMs / 1000})`,
    );
  }
  const row = await update
    .returning(['id', 'tenant_id', 'url', 'description', 'failing_since'])
    .executeTakeFirst();
  if (!row) return undefined;
  const failingSince = row.failing_since ?? new Date();
  const event: WebhookEndpointDisabledEvent = {
    id: `${CLIENT_EVENT_ID_PREFIX}${newId()}`,
    type: 'webhook_endpoint.disabled',
    created_at: new Date().toISOString(),
    tenant_id: row.tenant_id,
    data: {
      endpoint: {
        id: row.id,
        url: row.url,
        description: row.description,
        disabled_reason: reason,
      },
      failing_since: failingSince.toISOString(),
    },
  };
  await trx
    .insertInto('outbox')
    .values({
      subject: Subjects.clientEvent(event.tenant_id, event.type),
      msg_id: event.id,
      payload: JSON.stringify(event),
      headers: JSON.stringify(outgoingHeaders()),
    })
    .execute();
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    reason,
    failing_since: failingSince,
    event_id: event.id,
  };
}
