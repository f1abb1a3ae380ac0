import { AppError } from '@switchboard/contracts';
import { ReplyWeight, REPLY_MAX_BYTES } from './reply-weight';

/** An opaque keyset cursor: the sort key of the last row of a page. */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

// A crafted cursor must fail here, not in PostgreSQL: a malformed uuid or a date outside
// timestamptz's range would otherwise surface as a database error (a 500).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LATEST = Date.UTC(10_000, 0, 1);

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string') throw new Error('shape');
    const time = Date.parse(at);
    if (Number.isNaN(time) || time < 0 || time >= LATEST) throw new Error('at');
    if (!UUID.test(id)) throw new Error('id');
    return { at, id };
  } catch {
    throw AppError.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
}

/**
 * One page out of `limit + 1` fetched rows: the extra row only tells whether there is a next
 * page, whose cursor is the sort key of the page's last row. A page also ends once its items
 * weigh `maxBytes` as JSON (`REPLY_MAX_BYTES`), with a cursor for the rest.
 */
export function pageFrom<R, T>(
  rows: readonly R[],
  limit: number,
  toResource: (row: R) => T,
  sortKey: (row: R) => { at: Date; id: string },
  maxBytes = REPLY_MAX_BYTES,
): { data: T[]; next_cursor: string | null } {
  const data: T[] = [];
  const weight = new ReplyWeight(maxBytes);
  for (const row of rows.slice(0, limit)) {
    const resource = toResource(row);
    if (!weight.take(resource)) break;
    data.push(resource);
  }
  const last = rows[data.length - 1];
  if (rows.length <= data.length || !last) return { data, next_cursor: null };
  const key = sortKey(last);
  return { data, next_cursor: encodeCursor(key.at, key.id) };
}
