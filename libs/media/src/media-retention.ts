import { sql, type Kysely } from 'kysely';
import type { Database } from '@switchboard/db';
import type { MediaStorage } from './media-storage';

/** What one retention pass did. */
export interface RetentionPass {
  /** Media deleted, record and object. */
  deleted: number;
  /** Media due whose object storage would not delete now: kept, tried again next pass. */
  kept: number;
}

/** The statuses of an outbound message not settled yet: its attachments are still to be sent. */
const UNSETTLED = ['queued', 'sending'] as const;

/**
 * Deletes, up to `batchSize`, the media neither created nor used (uploaded again, named in a
 * send) since `before`: each object first, then, in the same transaction, the records whose
 * object is gone. No object is ever orphaned (storage that refuses keeps its record for the next
 * pass), and a record points at a deleted object only until that commit. A media named among the attachments of an outbound message still `queued` or
 * `sending` is never taken. Replicas share the work: the records are taken `for update skip
 * locked`, so two passes never take the same one. Call again while a pass takes a whole batch.
 *
 * @example await sweepExpiredMedia({ db, storage }, { before: new Date(Date.now() - 90 * 86_400_000), batchSize: 100 })
 */
export async function sweepExpiredMedia(
  deps: { db: Kysely<Database>; storage: Pick<MediaStorage, 'delete'> },
  options: { before: Date; batchSize: number },
): Promise<RetentionPass> {
  return deps.db.transaction().execute(async (trx) => {
    // The ids every unsettled message names, collected once per pass (a client may write a
    // media id in capitals).
    const { rows } = await sql<{ id: string; storage_key: string }>`
      with in_flight as (
        select distinct lower(a.value) as id
        from messages m cross join lateral jsonb_array_elements_text(m.attachments) a
        where m.status in (${sql.join([...UNSETTLED])}) and m.direction = 'outbound'
          and jsonb_array_length(m.attachments) > 0
      )
      select media.id, media.storage_key from media
      where media.last_used_at < ${options.before}
        and not exists (select 1 from in_flight where in_flight.id = media.id::text)
      order by media.last_used_at
      limit ${options.batchSize}
      for update of media skip locked`.execute(trx);
    const gone: string[] = [];
    for (const row of rows) {
      // Deleting an object that is already gone succeeds: a pass cut short is simply redone.
      const deleted = await deps.storage.delete(row.storage_key).then(
        () => true,
        () => false,
      );
      if (deleted) gone.push(row.id);
    }
    if (gone.length > 0) await trx.deleteFrom('media').where('id', 'in', gone).execute();
    return { deleted: gone.length, kept: rows.length - gone.length };
  });
}
