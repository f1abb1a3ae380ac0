import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;
const fallback = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

/** The number written by the `count` digits at `at`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A `timestamptz` as PostgreSQL writes it (DateStyle ISO): `2026-12-07 17:51:30.433+00`, with up
 * to six fraction digits and an offset of `±HH`, `±HH:MM` or `±HH:MM:SS`. pg's own parser runs
 * three regular expressions over every value, and reads return several per row; this one reads
 * the common shape by position and hands anything else (years before 100 or past 9999, BC,
 * infinity) to pg's parser, whose results it matches (`timestamptz.spec.ts`), milliseconds
 * truncated as there.
 */
export function parseTimestamptz(text: string): Date {
  const n = text.length;
  if (n < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return fallback(text);
  if (text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return fallback(text);
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return fallback(text);
  }
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    i += 1;
    const start = i;
    while (i < n && i - start < 6) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (i - start < 3) ms = ms * 10 + d;
      i += 1;
    }
    const fraction = i - start;
    if (fraction === 0) return fallback(text);
    ms *= fraction === 1 ? 100 : fraction === 2 ? 10 : 1;
  }
  const sign = text.charCodeAt(i);
  const hours = sign === 43 || sign === 45 ? digits(text, i + 1, 2) : -1;
  if (hours < 0 || n < i + 3) return fallback(text);
  let offset = hours * 3_600;
  i += 3;
  // Then `:MM`, then `:SS`, each when written.
  if (i < n) {
    const minutes = text.charCodeAt(i) === 58 ? digits(text, i + 1, 2) : -1;
    if (minutes < 0) return fallback(text);
    offset += minutes * 60;
    i += 3;
  }
  if (i < n) {
    const seconds = text.charCodeAt(i) === 58 ? digits(text, i + 1, 2) : -1;
    if (seconds < 0) return fallback(text);
    offset += seconds;
    i += 3;
  }
  if (i !== n) return fallback(text);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(utc - (sign === 45 ? -offset : offset) * 1_000);
}

/** pg's type parsers, `timestamptz` read by `parseTimestamptz`. */
export const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ_OID && format !== 'binary'
      ? parseTimestamptz
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};
