import { AppError } from '@switchboard/contracts';
import { decodeCursor, encodeCursor, pageFrom } from './cursor';

const ID = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';

function refusalOf(raw: string): AppError {
  try {
    decodeCursor(raw);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursor', () => {
  it('round-trips the sort key of the last row', () => {
    const at = new Date('2024-05-01T12:34:56.789Z');
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ at: '2024-05-01T12:34:56.789Z', id: ID });
  });

  it('is URL-safe, so it can travel in a query string unescaped', () => {
    for (let i = 0; i < 50; i++) {
      const cursor = encodeCursor(new Date(Date.UTC(2024, 0, 1) + i * 987_654_321), ID);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(encodeURIComponent(cursor)).toBe(cursor);
    }
  });

  it('reads no cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it.each([
    ['random text', 'not-a-cursor'],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['JSON null', b64(null)],
    ['a JSON number', b64(42)],
    ['an object instead of a pair', b64({ at: '2024-05-01T00:00:00Z', id: ID })],
    ['a pair with an invalid date', b64(['yesterday', ID])],
    ['a pair with a numeric date', b64([1714521600000, ID])],
    ['a pair with an id that is not a UUID', b64(['2024-05-01T00:00:00Z', "1' OR '1'='1"])],
    ['a pair with a missing id', b64(['2024-05-01T00:00:00Z'])],
    ['a pair with dashes for an id', b64(['2024-05-01T00:00:00Z', '-'.repeat(36)])],
    ['a pair with a date before PostgreSQL can store', b64(['-271821-04-20T00:00:00Z', ID])],
    ['a pair with a date after year 9999', b64(['+275760-09-13T00:00:00Z', ID])],
  ])('refuses %s as a validation error on `cursor`', (_label, raw) => {
    const error = refusalOf(raw);
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([
      { field: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  });
});

describe('pageFrom', () => {
  const rows = [1, 2, 3].map((n) => ({
    id: `00000000-0000-7000-8000-00000000000${n}`,
    at: new Date(Date.UTC(2026, 0, n)),
  }));
  const key = (r: (typeof rows)[number]) => ({ at: r.at, id: r.id });

  it('cuts the extra row and points the cursor at the last row of the page', () => {
    const page = pageFrom(rows, 2, (r) => r.id, key);
    expect(page.data).toEqual([rows[0]!.id, rows[1]!.id]);
    expect(decodeCursor(page.next_cursor!)).toEqual({
      at: rows[1]!.at.toISOString(),
      id: rows[1]!.id,
    });
  });

  it('has no next page when nothing is beyond the limit', () => {
    expect(pageFrom(rows, 3, (r) => r.id, key).next_cursor).toBeNull();
    expect(pageFrom([], 3, (r: (typeof rows)[number]) => r.id, key)).toEqual({
      data: [],
      next_cursor: null,
    });
  });

  it('ends a page early, with a cursor, once its items weigh the byte budget', () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({
      id: ID,
      at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
      body: 'é'.repeat(100_000), // 200 KB as UTF-8
    }));
    const page = pageFrom(
      rows,
      5,
      (r) => r,
      (r) => r,
      500_000,
    );
    expect(page.data).toHaveLength(2);
    expect(decodeCursor(page.next_cursor!)).toEqual({ at: rows[1]!.at.toISOString(), id: ID });
    // The first item is always served, however large.
    expect(
      pageFrom(
        rows,
        5,
        (r) => r,
        (r) => r,
        10,
      ).data,
    ).toHaveLength(1);
    // Within the budget, only `limit` ends a page.
    expect(
      pageFrom(
        rows,
        5,
        (r) => r,
        (r) => r,
        10_000_000,
      ).data,
    ).toHaveLength(5);
    expect(
      pageFrom(
        rows.slice(0, 2),
        5,
        (r) => r,
        (r) => r,
        10_000_000,
      ).next_cursor,
    ).toBeNull();
  });
});
