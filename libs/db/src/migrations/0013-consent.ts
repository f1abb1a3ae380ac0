import { sql, type Kysely } from 'kysely';

/**
 * Consent: each tenant's suppression list (SMS opt-outs and email suppressions in one table, so
 * one lookup answers "may this tenant message this recipient from this sender"), its audit trail,
 * soft bounces counted towards a suppression, and the tenant's consent settings (opt-out scope,
 * auto-replies).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('phone', 'email')`))
    // The recipient, normalised (E.164, lower-cased email).
    .addColumn('address', 'text', (c) => c.notNull())
    // The tenant's number the recipient opted out of; '' for every sender of the tenant.
    .addColumn('sender', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull())
    // What caused it: the inbound message id, the provider event, or null (added by hand).
    .addColumn('source', 'text')
    .addColumn('note', 'text')
    // The auto-replies answering the recipient's keywords (the opt-out confirmation, HELP
    // answers): the messages still allowed to reach them, at dispatch.
    .addColumn('allowed_message_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index suppressions_entry on suppressions (tenant_id, address, sender)`.execute(
    db,
  );
  await sql`create index suppressions_listing on suppressions (tenant_id, created_at desc, id desc)`.execute(
    db,
  );

  // Every change to a suppression list: who, when, why. Kept when the entry is removed.
  await db.schema
    .createTable('suppression_audit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('added', 'removed')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index suppression_audit_address on suppression_audit (tenant_id, address, at)`.execute(
    db,
  );

  // Soft bounces, counted per tenant and address; enough of them in a window suppress it.
  await db.schema
    .createTable('soft_bounces')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index soft_bounces_address on soft_bounces (tenant_id, address, occurred_at)`.execute(
    db,
  );

  await db.schema
    .createTable('consent_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('opt_out_scope', 'text', (c) =>
      c
        .notNull()
        .defaultTo('sender')
        .check(sql`opt_out_scope in ('sender', 'tenant')`),
    )
    .addColumn('business_name', 'text')
    .addColumn('contact', 'text')
    .addColumn('opt_out_reply', 'text')
    .addColumn('opt_in_reply', 'text')
    .addColumn('help_reply', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consent_settings').ifExists().execute();
  await db.schema.dropTable('soft_bounces').ifExists().execute();
  await db.schema.dropTable('suppression_audit').ifExists().execute();
  await db.schema.dropTable('suppressions').ifExists().execute();
}
