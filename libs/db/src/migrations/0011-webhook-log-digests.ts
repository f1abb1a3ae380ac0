import { sql, type Kysely } from 'kysely';

/**
 * webhook_logs keeps a refused request's digest (sha256 and size) instead of its body: a forged
 * or unauthenticated request must not be able to fill the audit trail with what it sends.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhook_logs')
    .addColumn('body_sha256', 'text')
    .addColumn('body_bytes', 'integer')
    .execute();
  await sql`alter table webhook_logs alter column body drop not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update webhook_logs set body = '' where body is null`.execute(db);
  await sql`alter table webhook_logs alter column body set not null`.execute(db);
  await db.schema
    .alterTable('webhook_logs')
    .dropColumn('body_sha256')
    .dropColumn('body_bytes')
    .execute();
}
