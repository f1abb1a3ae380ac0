import {
  AppError,
  type ListDeliveriesRpc,
  type ReplayRpc,
  type RetryDeliveryRpc,
  type WebhookDeliveryPage,
  type WebhookDeliveryResource,
} from '@switchboard/contracts';
import type { Database, Kysely, WebhookDeliveryRow } from '@switchboard/db';
import { decodeCursor, pageFrom } from '@switchboard/conversation-queries';

/** The endpoint, if the tenant owns it; otherwise 404 (another tenant's is not found either). */
async function assertOwnEndpoint(db: Kysely<Database>, tenantId: string, id: string) {
  const endpoint = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!endpoint) throw AppError.notFound('Webhook endpoint');
}

/** Deliveries with their attempts, oldest attempt first. */
async function withAttempts(
  db: Kysely<Database>,
  rows: readonly WebhookDeliveryRow[],
): Promise<Map<string, WebhookDeliveryResource>> {
  const attempts = rows.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        endpoint_id: row.endpoint_id,
        event_id: row.event_id,
        event_type: row.event_type,
        status: row.status,
        attempt_count: row.attempts,
        next_attempt_at: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
        created_at: row.created_at.toISOString(),
        attempts: attempts
          .filter((a) => a.delivery_id === row.id)
          .map((a) => ({
            attempted_at: a.attempted_at.toISOString(),
            status_code: a.status_code,
            duration_ms: a.duration_ms,
            response_body: a.response_body,
            error: a.error,
          })),
      },
    ]),
  );
}

/** An endpoint's deliveries, newest first, keyset-paginated, optionally of one status. */
export async function listDeliveries(
  db: Kysely<Database>,
  req: ListDeliveriesRpc,
): Promise<WebhookDeliveryPage> {
  await assertOwnEndpoint(db, req.tenant_id, req.id);
  const cursor = decodeCursor(req.cursor);
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', req.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(req.limit + 1);
  if (req.status) query = query.where('status', '=', req.status);
  if (cursor) {
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(cursor.at), cursor.id)),
    );
  }
  const rows = await query.execute();
  const resources = await withAttempts(db, rows.slice(0, req.limit));
  return pageFrom(
    rows,
    req.limit,
    (row) => resources.get(row.id)!,
    (row) => ({ at: row.created_at, id: row.id }),
  );
}

/** Makes one delivery due now, whatever became of it: one more attempt. */
export async function retryDelivery(
  db: Kysely<Database>,
  req: RetryDeliveryRpc,
): Promise<WebhookDeliveryResource> {
  await assertOwnEndpoint(db, req.tenant_id, req.id);
  const row = await db
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      next_attempt_at: new Date(),
      lease_until: null,
      updated_at: new Date(),
    })
    .where('endpoint_id', '=', req.id)
    .where('id', '=', req.delivery_id)
    // One in flight is left alone: its attempt settles it.
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', new Date())]))
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const exists = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', req.id)
      .where('id', '=', req.delivery_id)
      .executeTakeFirst();
    if (!exists) throw AppError.notFound('Delivery');
    return (await withAttempts(db, [exists])).get(exists.id)!;
  }
  return (await withAttempts(db, [row])).get(row.id)!;
}

/** Queues every event the endpoint was sent since `since` again (after the client's outage). */
export async function replayDeliveries(
  db: Kysely<Database>,
  req: ReplayRpc,
): Promise<{ queued: number }> {
  await assertOwnEndpoint(db, req.tenant_id, req.id);
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: new Date(), updated_at: new Date() })
    .where('endpoint_id', '=', req.id)
    .where('created_at', '>=', new Date(req.since))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', new Date())]))
    .executeTakeFirst();
  return { queued: Number(result.numUpdatedRows) };
}
