import { AppError } from '@switchboard/contracts';

/** An opaque keyset cursor: the sort key of the last row of a page. */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)))
      throw new Error('shape');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error('id');
    return { at, id };
  } catch {
    throw AppError.validation([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
}
