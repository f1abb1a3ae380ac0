import { sql, type Kysely } from 'kysely';

/**
 * Media remember when they were last used (uploaded again, resolved for a send, fetched again
 * from a URL): retention deletes a file only once it has been neither created nor used for
 * `MEDIA_RETENTION_DAYS`, so a file a client is still sending is never swept under it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table media add column if not exists last_used_at timestamptz`.execute(db);
  await sql`update media set last_used_at = created_at where last_used_at is null`.execute(db);
  await sql`alter table media alter column last_used_at set default now()`.execute(db);
  await sql`alter table media alter column last_used_at set not null`.execute(db);
  await sql`create index if not exists media_last_used_idx on media (last_used_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists media_last_used_idx`.execute(db);
  await sql`alter table media drop column if exists last_used_at`.execute(db);
}
