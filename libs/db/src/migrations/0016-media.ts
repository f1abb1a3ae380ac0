import { sql, type Kysely } from 'kysely';

/**
 * Media: each tenant's stored files (uploads, fetched URL attachments, inbound media) with the
 * type sniffed from their bytes and the malware scanner's verdict. One row per tenant and
 * content (sha256): the same bytes stored twice are one media.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media')
    .ifNotExists()
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text')
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('upload', 'url', 'inbound')`),
    )
    .addColumn('scan_status', 'text', (c) =>
      c.notNull().check(sql`scan_status in ('pending', 'clean', 'infected', 'error')`),
    )
    .addColumn('scan_signature', 'text')
    .addColumn('scanned_at', 'timestamptz')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('media_tenant_sha256_key', ['tenant_id', 'sha256'])
    .execute();
  // Rescans look for what is still pending; retention deletes by age.
  await sql`create index if not exists media_pending_idx on media (created_at) where scan_status = 'pending'`.execute(
    db,
  );
  await sql`create index if not exists media_created_brin on media using brin (created_at)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media').ifExists().execute();
}
