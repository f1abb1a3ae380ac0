import { sql, type Kysely } from 'kysely';

/**
 * Per-conversation dispatch order and the dispatchers' ledger: what was handed to which provider,
 * so a redelivered or re-driven command is never sent twice.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('conversations')
    .addColumn('outbound_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('messages')
    .addColumn('dispatch_seq', 'integer')
    .addColumn('dispatch_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('dispatch_ledger')
    .addColumn('message_id', 'uuid', (c) => c.primaryKey())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('pending', 'attempting', 'sent', 'failed')`),
    )
    .addColumn('provider', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('attempt_started_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index dispatch_ledger_provider_id_key on dispatch_ledger (provider, provider_message_id) where provider_message_id is not null`.execute(
    db,
  );

  await db.schema
    .createTable('dispatch_sequences')
    .addColumn('conversation_id', 'uuid', (c) => c.primaryKey())
    .addColumn('next_seq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dispatch_sequences').ifExists().execute();
  await db.schema.dropTable('dispatch_ledger').ifExists().execute();
  await db.schema
    .alterTable('messages')
    .dropColumn('dispatch_generation')
    .dropColumn('dispatch_seq')
    .execute();
  await db.schema.alterTable('conversations').dropColumn('outbound_seq').execute();
}
