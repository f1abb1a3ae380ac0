import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that parse to the same value give
 * the same text however their keys were ordered or spaced.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same" for an idempotency key: SHA-256 over the method, the route
 * and the canonical JSON of the parsed body, hex-encoded.
 */
export function requestFingerprint(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${route}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}
