import { sql, type Kysely } from 'kysely';

/**
 * The client's idempotency key on the message it created, unique per tenant: a send retried
 * after an answer was lost (a `503` on a timeout) finds the message instead of storing another.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('idempotency_key', 'text').execute();
  await sql`create unique index messages_idempotency_key on messages (tenant_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists messages_idempotency_key`.execute(db);
  await db.schema.alterTable('messages').dropColumn('idempotency_key').execute();
}
