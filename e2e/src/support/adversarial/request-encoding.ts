import type { FuzzRequest } from './fuzz-runner';

/** Header values fetch can send: latin-1, no line breaks or NUL. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').slice(0, 8_000);
}

/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is sent as the bytes a
 * careless encoder writes for it (CESU-8): invalid UTF-8 the server must cope with.
 */
export function percentEncode(value: string): string {
  return Array.from(value, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    }
    return encodeURIComponent(ch);
  }).join('');
}

export function queryString(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return '';
  return `?${entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`;
}

export const asParam = (v: unknown): string =>
  typeof v === 'string' ? v : (JSON.stringify(v) ?? '');

export function jsonBody(value: unknown): Pick<FuzzRequest, 'body' | 'bodyPreview'> {
  const text = JSON.stringify(value) ?? 'null';
  return {
    body: () => text,
    bodyPreview: text.length > 400 ? `${text.slice(0, 400)}…(${text.length})` : text,
  };
}

/** At most 300 characters of a body, for the report. */
export function preview(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…(${text.length})` : text;
}
