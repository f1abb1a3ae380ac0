import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Ids that name what a piece of work is about. They ride along with the work (an HTTP request,
 * a NATS message) so every log line written on its behalf carries them, in every service.
 */
export interface Correlation {
  /** The client's `X-Request-Id`, or one made up at the edge. */
  readonly request_id?: string;
  readonly message_id?: string;
  readonly provider_message_id?: string;
}
export type CorrelationKey = keyof Correlation;

export const CORRELATION_KEYS: readonly CorrelationKey[] = [
  'request_id',
  'message_id',
  'provider_message_id',
];

/** The header that carries the request id over HTTP and NATS. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Long enough for a UUID or a W3C trace id with a prefix, short enough to keep logs tidy. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

const storage = new AsyncLocalStorage<Correlation>();
const EMPTY: Correlation = Object.freeze({});

/**
 * The request id a caller sent, when it is safe to log and echo: at most 128 characters of
 * letters, digits and `._:@/+=-`. Anything else is dropped, so it cannot forge log lines or
 * headers.
 */
export function acceptRequestId(value: unknown): string | undefined {
  const candidate = Array.isArray(value) ? value[0] : value;
  return typeof candidate === 'string' && REQUEST_ID_PATTERN.test(candidate)
    ? candidate
    : undefined;
}

/** A fresh request id for work that arrived without one. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * Runs `fn` with `fields` added to the current correlation; empty values leave the outer ones.
 *
 * @example withCorrelation({ request_id: id }, () => next());
 */
export function withCorrelation<T>(
  fields: { readonly [K in CorrelationKey]?: string | null },
  fn: () => T,
): T {
  const next: Record<string, string> = { ...storage.getStore() };
  for (const key of CORRELATION_KEYS) {
    const value = fields[key];
    if (typeof value === 'string' && value) next[key] = value;
  }
  return storage.run(next, fn);
}

/** Runs `fn` with no correlation at all. */
export function withoutCorrelation<T>(fn: () => T): T {
  // An empty correlation rather than `storage.exit`, which switches the async hooks off and on
  // again at every call: background work is detached thousands of times a second.
  return storage.run(EMPTY, fn);
}

/** The correlation of the work running now (empty outside any). */
export function currentCorrelation(): Correlation {
  return storage.getStore() ?? EMPTY;
}
