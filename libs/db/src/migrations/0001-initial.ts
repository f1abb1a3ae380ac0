import { sql, type Kysely } from 'kysely';

/** The messaging core: tenants, conversations, messages, their lifecycle, and the outbox. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into tenants (id, name) values ('development', 'Development tenant')`.execute(
    db,
  );

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'email')`))
    .addColumn('participant_a', 'text', (c) => c.notNull())
    .addColumn('participant_b', 'text', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', 'timestamptz')
    .addColumn('last_message_preview', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('conversations_participants_key', [
      'tenant_id',
      'channel',
      'participant_a',
      'participant_b',
    ])
    .execute();
  await sql`create index conversations_activity_idx on conversations (tenant_id, last_message_at desc nulls last, id desc)`.execute(
    db,
  );
  await sql`create index conversations_participant_b_idx on conversations (tenant_id, participant_b)`.execute(
    db,
  );

  await db.schema
    .createTable('messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id'))
    .addColumn('direction', 'text', (c) =>
      c.notNull().check(sql`direction in ('outbound', 'inbound')`),
    )
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('sms', 'mms', 'email')`))
    .addColumn('from_addr', 'text', (c) => c.notNull())
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('metadata', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('encoding', 'text')
    .addColumn('segments', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('client_timestamp', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`to_tsvector('simple', coalesce(subject, '') || ' ' || left(body, 100000))`,
        )
        .stored(),
    )
    .execute();
  await sql`create index messages_conversation_idx on messages (conversation_id, created_at, id)`.execute(
    db,
  );
  await sql`create index messages_tenant_recent_idx on messages (tenant_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create unique index messages_provider_id_key on messages (provider, provider_message_id) where provider_message_id is not null`.execute(
    db,
  );
  await sql`create index messages_in_flight_idx on messages (updated_at) where status in ('queued', 'sending')`.execute(
    db,
  );
  await sql`create index messages_search_idx on messages using gin (search)`.execute(db);

  await db.schema
    .createTable('message_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('message_id', 'uuid', (c) => c.notNull().references('messages.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('applied', 'boolean', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index message_events_message_idx on message_events (message_id, id)`.execute(db);
  await sql`create index message_events_recorded_brin on message_events using brin (recorded_at)`.execute(
    db,
  );

  await db.schema
    .createTable('pending_status_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index pending_status_events_provider_idx on pending_status_events (provider, provider_message_id)`.execute(
    db,
  );

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('msg_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox',
    'pending_status_events',
    'message_events',
    'messages',
    'conversations',
    'tenants',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
