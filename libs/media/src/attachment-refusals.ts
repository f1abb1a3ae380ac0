import { sql, type Kysely } from 'kysely';
import { AppError, ErrorCodes, isMediaId, type FieldError } from '@switchboard/contracts';
import type { Database, MediaRow } from '@switchboard/db';
import { attachmentsRefusal } from './media-policy';

/** A send as far as its attachments go. */
interface WithAttachments {
  tenant_id: string;
  type: string;
  attachments: readonly string[];
}

/** Why a scanned media may never be sent, or `undefined`. */
export function scanRefusal(
  row: Pick<MediaRow, 'scan_status' | 'scan_signature'>,
): string | undefined {
  if (row.scan_status === 'infected') return `infected (${row.scan_signature ?? 'unknown'})`;
  if (row.scan_status === 'error') return 'refused by the malware scanner';
  return undefined;
}

/**
 * For each send, the error that refuses it at acceptance for what is known of its media
 * attachments now: `400` for an id that is not one of the tenant's media, `422
 * attachment_rejected` for one scanned infected or of a type or size its channel refuses.
 * Media still `pending` and URL attachments are checked at dispatch. The media named count as
 * used now (retention counts from their last use).
 */
export async function attachmentRefusals(
  db: Kysely<Database>,
  sends: readonly WithAttachments[],
): Promise<(AppError | undefined)[]> {
  const wanted = new Map<string, Set<string>>();
  for (const send of sends) {
    for (const entry of send.attachments) {
      if (!isMediaId(entry)) continue;
      const ids = wanted.get(send.tenant_id) ?? new Set<string>();
      ids.add(entry.toLowerCase());
      wanted.set(send.tenant_id, ids);
    }
  }
  if (wanted.size === 0) return sends.map(() => undefined);
  const rows = new Map<string, MediaRow>();
  for (const [tenant, ids] of wanted) {
    // Named in a send: used now, so retention keeps it (and a record retention is deleting
    // this instant is waited for, and then not found).
    const found = await db
      .updateTable('media')
      .set({ last_used_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenant)
      .where('id', 'in', [...ids])
      .returningAll()
      .execute();
    for (const row of found) rows.set(`${tenant}\u0000${row.id}`, row);
  }
  return sends.map((send) => {
    const unknown: FieldError[] = [];
    const rejected: FieldError[] = [];
    const known: { content_type: string; size: number; index: number }[] = [];
    send.attachments.forEach((entry, i) => {
      if (!isMediaId(entry)) return;
      const row = rows.get(`${send.tenant_id}\u0000${entry.toLowerCase()}`);
      if (!row) return unknown.push({ field: `attachments.${i}`, message: 'no such media' });
      const why = scanRefusal(row);
      if (why) return rejected.push({ field: `attachments.${i}`, message: `is ${why}` });
      known.push({ content_type: row.content_type, size: Number(row.size), index: i });
    });
    if (unknown.length) return AppError.validation(unknown);
    if (!rejected.length && (send.type === 'mms' || send.type === 'email')) {
      const why = attachmentsRefusal(send.type, known);
      if (why) {
        const [field, ...rest] = why.split(': ');
        const index = /^attachments\.(\d+)$/.exec(field ?? '')?.[1];
        rejected.push({
          field: index === undefined ? 'attachments' : `attachments.${known[Number(index)]!.index}`,
          message: rest.join(': '),
        });
      }
    }
    if (rejected.length) {
      return new AppError(ErrorCodes.attachmentRejected, 'An attachment was rejected', rejected);
    }
    return undefined;
  });
}
