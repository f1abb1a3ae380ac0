import { AppError } from '@switchboard/contracts';

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
 * The most a page's items may weigh as JSON. A page travels back to the gateway in one NATS reply
 * (at most `max_payload`, 1 MiB by default) and 100 emails of 256 KiB weigh 25 MiB: a page ends
 * early, with a cursor, once its items reach this. Its first item is always in it (one message,
 * at its limits, fits in a reply).
 */
export const PAGE_MAX_BYTES = 512 * 1024;

/**
 * One page out of `limit + 1` fetched rows: the extra row only tells whether there is a next
 * page, whose cursor is the sort key of the page's last row. A page also ends once its items
 * weigh `maxBytes` as JSON.
 */
export function pageFrom<R, T>(
  rows: readonly R[],
  limit: number,
  toResource: (row: R) => T,
  sortKey: (row: R) => { at: Date; id: string },
  maxBytes = PAGE_MAX_BYTES,
): { data: T[]; next_cursor: string | null } {
  const data: T[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    const resource = toResource(row);
    bytes += Buffer.byteLength(JSON.stringify(resource));
    if (data.length > 0 && bytes > maxBytes) break;
    data.push(resource);
  }
  const last = rows[data.length - 1];
  if (rows.length <= data.length || !last) return { data, next_cursor: null };
  const key = sortKey(last);
  return { data, next_cursor: encodeCursor(key.at, key.id) };
}
