import fc from 'fast-check';
import pg from 'pg';
import { databaseUrl, loadConfig, postgresEnv } from '@switchboard/config';
import { parseTimestamptz, typeParsers } from './timestamptz';

const pgParser = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;

/** A timestamptz written as PostgreSQL writes it: fraction and offset as its output trims them. */
const written = fc
  .record({
    at: fc.date({
      min: new Date(Date.UTC(100, 0, 1)),
      max: new Date(Date.UTC(9999, 11, 31)),
      noInvalidDate: true,
    }),
    micros: fc.integer({ min: 0, max: 999_999 }),
    offsetSeconds: fc.oneof(
      fc.constant(0),
      fc.integer({ min: -15, max: 15 }).map((h) => h * 3_600),
      fc.integer({ min: -15 * 3_600, max: 15 * 3_600 }),
    ),
  })
  .map(({ at, micros, offsetSeconds }) => {
    const local = new Date(at.getTime() + offsetSeconds * 1_000);
    const pad = (v: number, w = 2) => String(v).padStart(w, '0');
    // PostgreSQL leaves out trailing zeros, and the point with them when nothing is left.
    let fraction = micros ? `.${pad(micros, 6)}` : '';
    while (fraction.endsWith('0')) fraction = fraction.slice(0, -1);
    const abs = Math.abs(offsetSeconds);
    let zone = `${offsetSeconds < 0 ? '-' : '+'}${pad(Math.floor(abs / 3_600))}`;
    if (abs % 3_600) zone += `:${pad(Math.floor((abs % 3_600) / 60))}`;
    if (abs % 60) zone += `:${pad(abs % 60)}`;
    return (
      `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
      `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`
    );
  });

describe('parseTimestamptz', () => {
  it('reads every value as pg’s own parser does', () => {
    fc.assert(
      fc.property(written, (text) => {
        expect(parseTimestamptz(text).getTime()).toBe((pgParser(text) as Date).getTime());
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    '2026-12-07 17:51:30.433+00',
    '2026-12-07 17:51:30+00',
    '2026-12-07 17:51:30.4+05:30',
    '1883-11-18 12:03:58-04:56:02',
    '0099-01-01 00:00:00+00',
    '0001-01-01 00:00:00+00 BC',
    '12026-01-01 00:00:00+00',
    'infinity',
    '-infinity',
    '2026-12-07 17:51:30.+00',
    '2026-12-07 17:51:30.1234567+00',
  ])('reads %s as pg’s parser does, unusual shapes included', (text) => {
    const ours = parseTimestamptz(text);
    const theirs = pgParser(text);
    expect(ours instanceof Date ? ours.getTime() : ours).toEqual(
      theirs instanceof Date ? theirs.getTime() : theirs,
    );
  });
});

describe('timestamptz read from PostgreSQL', () => {
  it('comes back as the instant PostgreSQL holds, whatever the session time zone', async () => {
    const client = new pg.Client({
      connectionString: databaseUrl(loadConfig(postgresEnv, process.env)),
      types: typeParsers,
    });
    await client.connect();
    try {
      for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Africa/Monrovia']) {
        await client.query(`set time zone '${zone}'`);
        const { rows } = await client.query<{ at: Date; epoch_ms: string }>(
          `select at, (extract(epoch from at) * 1000)::bigint::text as epoch_ms
             from (values ('2026-12-07 17:51:30.433456+00'::timestamptz),
                          ('1900-01-01 00:00:00+00'), ('2024-02-29 23:59:59.999+00'),
                          ('0500-06-15 12:00:00.5+00')) v(at)`,
        );
        for (const row of rows) {
          expect(row.at).toBeInstanceOf(Date);
          expect(row.at.getTime()).toBe(Number(row.epoch_ms));
        }
      }
    } finally {
      await client.end();
    }
  });
});
