import { sql, type Kysely } from 'kysely';

/**
 * Inbound calls: each claimed number's voice settings (a greeting of its own, or a number to
 * forward calls to), the calls webhook-ingest answered (so the recording, transcription and
 * status callbacks that follow know the caller and the number), and the `voice` and `voicemail`
 * message types. The type constraint is rewritten idempotently: the outbound voice migration
 * writes the same one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tenant_addresses add column if not exists voice_greeting text`.execute(db);
  await sql`alter table tenant_addresses add column if not exists voice_forward_to text`.execute(
    db,
  );

  await sql`alter table messages drop constraint if exists messages_type_check`.execute(db);
  await sql`alter table messages add constraint messages_type_check
    check (type in ('sms', 'mms', 'email', 'voice', 'voicemail'))`.execute(db);

  await db.schema
    .createTable('inbound_calls')
    .ifNotExists()
    .addColumn('call_sid', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('from_addr', 'text', (c) => c.notNull())
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) =>
      c.notNull().check(sql`mode in ('voicemail', 'forward', 'unclaimed')`),
    )
    .addColumn('recording_url', 'text')
    .addColumn('duration_seconds', 'integer')
    .addColumn('recorded_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index if not exists inbound_calls_created_brin on inbound_calls using brin (created_at)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_calls').ifExists().execute();
  await sql`alter table tenant_addresses drop column if exists voice_forward_to`.execute(db);
  await sql`alter table tenant_addresses drop column if exists voice_greeting`.execute(db);
}
