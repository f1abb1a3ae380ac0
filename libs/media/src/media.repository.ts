import { sql, type Kysely } from 'kysely';
import {
  AppError,
  type GetMediaRpc,
  type MediaResource,
  type RecordMediaReply,
  type RecordMediaRpc,
  type StoredMediaReply,
} from '@switchboard/contracts';
import type { Database, MediaRow } from '@switchboard/db';
import type { ScanVerdict } from './scan-verdict';

/** Where a media's bytes are served to its tenant. */
export const mediaContentPath = (id: string) => `/api/v1/media/${id}/content`;

export function mediaResourceOf(row: MediaRow): MediaResource {
  return {
    id: row.id,
    content_type: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    original_name: row.original_name,
    source: row.source,
    scan: {
      status: row.scan_status,
      signature: row.scan_signature,
      scanned_at: row.scanned_at?.toISOString() ?? null,
    },
    url: mediaContentPath(row.id),
    created_at: row.created_at.toISOString(),
  };
}

/**
 * Records a stored file, or answers the tenant's earlier record of the same bytes (`created`
 * false). A verdict reached now completes an earlier record still `pending`.
 */
export async function recordMedia(
  db: Kysely<Database>,
  file: RecordMediaRpc,
): Promise<RecordMediaReply> {
  const { row, created } = await recordMediaRow(db, file);
  return { media: mediaResourceOf(row), created };
}

/**
 * `recordMedia`, answering the row itself. An earlier record of the same bytes counts as used
 * now (retention counts from its last use); one swept away meanwhile is recorded anew.
 */
export async function recordMediaRow(
  db: Kysely<Database>,
  file: RecordMediaRpc,
): Promise<{ row: MediaRow; created: boolean }> {
  const scannedAt = file.scan_status === 'pending' ? null : new Date();
  for (let attempt = 0; ; attempt += 1) {
    const inserted = await db
      .insertInto('media')
      .values({ ...file, scanned_at: scannedAt })
      .onConflict((oc) => oc.columns(['tenant_id', 'sha256']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { row: inserted, created: true };
    if (file.scan_status !== 'pending') {
      await db
        .updateTable('media')
        .set({
          scan_status: file.scan_status,
          scan_signature: file.scan_signature,
          scanned_at: scannedAt,
        })
        .where('tenant_id', '=', file.tenant_id)
        .where('sha256', '=', file.sha256)
        .where('scan_status', '=', 'pending')
        .execute();
    }
    const existing = await db
      .updateTable('media')
      .set({ last_used_at: sql<Date>`now()` })
      .where('tenant_id', '=', file.tenant_id)
      .where('sha256', '=', file.sha256)
      .returningAll()
      .executeTakeFirst();
    if (existing) return { row: existing, created: false };
    // Retention deleted the earlier record between the two statements: record this one.
    if (attempt >= 2) throw new Error('the media record kept disappearing');
  }
}

/** Counts media as used now: retention keeps them at least `MEDIA_RETENTION_DAYS` more. */
export async function touchMedia(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('media')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .execute();
}

/** One media with its storage key: the tenant's own (another tenant's is not found). */
export async function getStoredMedia(
  db: Kysely<Database>,
  query: GetMediaRpc,
): Promise<StoredMediaReply> {
  let q = db.selectFrom('media').selectAll().where('id', '=', query.id);
  if (query.tenant_id !== null) q = q.where('tenant_id', '=', query.tenant_id);
  const row = await q.executeTakeFirst();
  if (!row) throw AppError.notFound('Media');
  return { media: mediaResourceOf(row), storage_key: row.storage_key };
}

/** A tenant's media rows by id, in no particular order (missing ids are simply absent). */
export function mediaRowsOf(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<MediaRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('media')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}

/** Records the verdict of a scan run later (a file left `pending` while the scanner was down). */
export async function recordVerdict(
  db: Kysely<Database>,
  id: string,
  verdict: ScanVerdict,
): Promise<void> {
  await db
    .updateTable('media')
    .set({
      scan_status: verdict.status,
      scan_signature: verdict.status === 'infected' ? verdict.signature : null,
      scanned_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}
