import { sql, type Kysely } from 'kysely';

/**
 * Webhook endpoints remember since when every attempt to them has failed (`failing_since`,
 * cleared by any success), so one that keeps failing for days is disabled.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_endpoints add column if not exists failing_since timestamptz`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_endpoints drop column if exists failing_since`.execute(db);
}
