import { sql, type Kysely } from 'kysely';

/**
 * Multi-tenancy: API keys (stored as keyed hashes, never in clear), per-tenant rate limits, the
 * addresses each tenant owns (inbound attribution), and inbound messages nobody owns yet.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('rate_limit_requests', 'integer', (c) => c.check(sql`rate_limit_requests > 0`))
    .addColumn('rate_limit_period_s', 'integer', (c) => c.check(sql`rate_limit_period_s > 0`))
    .execute();
  // A limit is both numbers or neither.
  await sql`alter table tenants add constraint tenants_rate_limit_pair check ((rate_limit_requests is null) = (rate_limit_period_s is null))`.execute(
    db,
  );

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    // The public part of the key (`sb_live_<prefix>_…`): finds the row, safe to show and log.
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    // HMAC-SHA256 of the whole key under the server's SECRET_KEY, hex.
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await sql`create index api_keys_tenant_idx on api_keys (tenant_id, created_at)`.execute(db);

  await db.schema
    .createTable('tenant_addresses')
    // Normalised: E.164 for numbers, lower-cased for email. One owner per address.
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'email')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index tenant_addresses_tenant_idx on tenant_addresses (tenant_id)`.execute(db);

  // Inbound messages to an address no tenant has claimed: kept (never dropped) until one does.
  await db.schema
    .createTable('parked_inbound')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index parked_inbound_recipient_idx on parked_inbound (recipient)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('parked_inbound').ifExists().execute();
  await db.schema.dropTable('tenant_addresses').ifExists().execute();
  await db.schema.dropTable('api_keys').ifExists().execute();
  await sql`alter table tenants drop constraint if exists tenants_rate_limit_pair`.execute(db);
  await db.schema.alterTable('tenants').dropColumn('rate_limit_requests').execute();
  await db.schema.alterTable('tenants').dropColumn('rate_limit_period_s').execute();
}
