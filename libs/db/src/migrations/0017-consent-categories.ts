import { sql, type Kysely } from 'kysely';

/**
 * Message categories and quiet hours: each outbound message is `marketing` or `transactional`
 * (null for inbound messages and for messages stored before categories, which count as
 * marketing); a tenant may set quiet hours, in the recipient's local time, during which its
 * marketing SMS/MMS and calls are held; a held message records until when, so the stuck-message
 * sweeper leaves it (and the messages queued behind it) alone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table messages add column if not exists category text
    check (category in ('marketing', 'transactional'))`.execute(db);
  await sql`alter table messages add column if not exists hold_until timestamptz`.execute(db);
  // The sweeper's look for holds that have ended: only held messages are indexed.
  await sql`create index if not exists messages_held on messages (hold_until)
    where hold_until is not null`.execute(db);
  // Minutes after local midnight; both null: no quiet hours.
  await sql`alter table consent_settings
    add column if not exists quiet_hours_start smallint check (quiet_hours_start between 0 and 1439),
    add column if not exists quiet_hours_end smallint check (quiet_hours_end between 0 and 1439)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table consent_settings drop column if exists quiet_hours_end,
    drop column if exists quiet_hours_start`.execute(db);
  await sql`drop index if exists messages_held`.execute(db);
  await sql`alter table messages drop column if exists hold_until`.execute(db);
  await sql`alter table messages drop column if exists category`.execute(db);
}
