import { sql, type Kysely } from 'kysely';

/**
 * Calls: messages of type `voice` and `voicemail`, with their voice options, who answered and
 * how long the call lasted; message events keep the provider's status word, who answered and
 * the duration of each call status. The type check is replaced whole, so it ends the same
 * whichever migration adding these types runs first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table messages drop constraint if exists messages_type_check`.execute(db);
  await sql`alter table messages add constraint messages_type_check check (type in ('sms', 'mms', 'email', 'voice', 'voicemail'))`.execute(
    db,
  );
  await sql`alter table messages add column if not exists voice jsonb, add column if not exists answered_by text, add column if not exists duration_seconds integer`.execute(
    db,
  );
  await sql`alter table message_events add column if not exists provider_status text, add column if not exists answered_by text, add column if not exists duration_seconds integer`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table message_events drop column if exists provider_status, drop column if exists answered_by, drop column if exists duration_seconds`.execute(
    db,
  );
  await sql`alter table messages drop column if exists voice, drop column if exists answered_by, drop column if exists duration_seconds`.execute(
    db,
  );
}
