import type { Request, RequestHandler, Response } from 'express';
import { problemFor, sendProblem } from '@switchboard/http';
import {
  Counter,
  throttledWarning,
  type Logger,
  type ServiceMetrics,
} from '@switchboard/observability';
import { IdempotencyErrors } from './idempotency-errors';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_REPLAYED_HEADER,
  idempotencyKeyOf,
} from './idempotency-key';
import type { IdempotencyLease, IdempotencyStore, StoredAnswer } from './idempotency-store';
import { requestFingerprint } from './request-fingerprint';

/**
 * The routes an `Idempotency-Key` applies to (POST), each with the route its fingerprint names.
 * The two compatible send routes share one: `/sms` redirects an email to `/email` with the same
 * body and key, and that second request must not count as another use of the key.
 */
export const IDEMPOTENT_ROUTES: Readonly<Record<string, string>> = {
  '/api/v1/messages/send': '/api/v1/messages/send',
  '/api/v1/messages/batch': '/api/v1/messages/batch',
  '/api/messages/sms': '/api/messages/{sms|email}',
  '/api/messages/email': '/api/messages/{sms|email}',
};

/** How soon a client should retry a key that is still in flight: sends take milliseconds. */
const IN_FLIGHT_RETRY_AFTER_S = 1;
/** How soon a client should retry while Redis cannot be reached. */
const UNAVAILABLE_RETRY_AFTER_S = 5;
/** The response headers a replay repeats, besides status and body. */
const REPLAYED_HEADERS = ['content-type', 'location'] as const;

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** The scope of a key: keys of different clients never meet. */
  tenantOf(req: Request): string;
  metrics: ServiceMetrics;
  log: Logger;
}

/** `path` without its trailing slashes; a loop, since a path is the client's to make long. */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end -= 1;
  return path.slice(0, end);
}

const routeOfPath = (path: string) => {
  const normalized = withoutTrailingSlashes(path.toLowerCase());
  return Object.hasOwn(IDEMPOTENT_ROUTES, normalized) ? IDEMPOTENT_ROUTES[normalized] : undefined;
};

/** The fingerprint route of an idempotent request, as express would route it (any case, `/` or not). */
function idempotentRouteOf(req: Request): string | undefined {
  return req.method === 'POST' ? routeOfPath(req.path) : undefined;
}

/**
 * The request's key as conversation-service keeps it on the message it stores: scoped to the
 * route and, in a batch, to the message's place in it. A send retried after a lost answer (a
 * `503` frees the key here) then finds the message instead of storing another. Null without a
 * key (the middleware has already refused a malformed one).
 */
export function storedIdempotencyKey(req: Request, index?: number): string | null {
  const key = req.get(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return null;
  const route = routeOfPath(`${req.baseUrl}${req.path}`) ?? `${req.baseUrl}${req.path}`;
  return index === undefined ? `${route} ${key}` : `${route} ${key} #${index}`;
}

/**
 * Whether a multi-status answer (a bulk send's `207`) reports an item that failed on our side
 * (5xx): such an answer is not final, since a retry may store what failed.
 */
function hasServerErrorItem(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  const results = (parsed as { results?: unknown } | null)?.results;
  return (
    Array.isArray(results) &&
    results.some((item) => {
      const status = (item as { status?: unknown } | null)?.status;
      return typeof status === 'number' && status >= 500;
    })
  );
}

/**
 * Final answers are kept: successes and client errors. Redirects, server errors and a `207`
 * with any item that failed with a 5xx are not: the key is freed so that the client can retry,
 * and the per-message keys conversation-service keeps make that retry store nothing twice.
 */
const isFinal = (answer: StoredAnswer) => {
  const { status } = answer;
  if (status === 207) return !hasServerErrorItem(answer.body);
  return (status >= 200 && status < 300) || (status >= 400 && status < 500);
};

function bodyText(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk).toString('utf8');
  return '';
}

/**
 * `Idempotency-Key` on the send routes. The first request with a key reserves it (SET NX) and
 * runs; its final answer (2xx or 4xx) is kept for `IDEMPOTENCY_TTL_S` and replayed, status and
 * body, with `Idempotency-Replayed: true` to a request with the same key and fingerprint. While
 * the first is in flight the same key gets `409` with `Retry-After`; with another route or body,
 * `422`. A 3xx, a 5xx, or a `207` with a 5xx item frees the key so that the client can retry.
 * Without a key nothing changes; with one while Redis is unreachable, `503`: at-most-once cannot
 * be promised.
 *
 * Mount after body parsing: the fingerprint covers the parsed body.
 *
 * @example app.use(idempotency({ store, tenantOf: (req) => ctx.tenantOf(req), metrics, log }));
 */
export function idempotency(options: IdempotencyOptions): RequestHandler {
  const { store, tenantOf, log } = options;
  const redisErrors = new Counter({
    name: 'idempotency_redis_errors_total',
    help: 'Idempotency-Key operations that could not reach Redis',
    registers: [options.metrics.registry],
  });
  const warn = throttledWarning(log);
  const onStoreError = (err: unknown, operation: string) => {
    redisErrors.inc();
    warn({ err: (err as Error)?.message, operation }, 'idempotency keys unavailable (redis)');
  };

  /** Keeps or frees the key before the answer leaves, so a retry never sees a stale marker. */
  const settleBeforeAnswering = (res: Response, lease: IdempotencyLease) => {
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      res.end = end;
      const answer: StoredAnswer = {
        status: res.statusCode,
        headers: Object.fromEntries(
          REPLAYED_HEADERS.flatMap((name) => {
            const value = res.get(name);
            return value === undefined ? [] : [[name, value]];
          }),
        ),
        body: bodyText(args[0]),
      };
      const final = isFinal(answer);
      const settling = final
        ? store.complete(lease, answer).then((kept) => {
            if (!kept) log.warn('idempotency lease expired before the answer; not kept');
          })
        : store.release(lease);
      void settling
        .catch((err: unknown) => onStoreError(err, final ? 'complete' : 'release'))
        .finally(() => (end as (...a: unknown[]) => Response).apply(res, args));
      return res;
    } as Response['end'];
  };

  return async (req, res, next) => {
    const route = idempotentRouteOf(req);
    if (!route) return next();
    const key = idempotencyKeyOf(req);
    if (key === undefined) return next();
    const fingerprint = requestFingerprint(req.method, route, req.body);
    const scope = tenantOf(req);

    let reservation;
    try {
      reservation = await store.reserve(scope, key, fingerprint);
    } catch (err) {
      onStoreError(err, 'reserve');
      // Answered here rather than thrown: the error handler would log every refused request.
      const error = IdempotencyErrors.unavailable();
      res.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      return sendProblem(res, problemFor(error.code, error.message, req.originalUrl.split('?')[0]));
    }

    switch (reservation.state) {
      case 'reserved':
        settleBeforeAnswering(res, reservation.lease);
        return next();
      case 'in_flight':
        if (reservation.fingerprint !== fingerprint) throw IdempotencyErrors.reused();
        res.set('Retry-After', String(IN_FLIGHT_RETRY_AFTER_S));
        throw IdempotencyErrors.inProgress();
      case 'done': {
        if (reservation.fingerprint !== fingerprint) throw IdempotencyErrors.reused();
        const { status, headers, body } = reservation.answer;
        res.status(status).set(headers).set(IDEMPOTENCY_REPLAYED_HEADER, 'true').send(body);
      }
    }
  };
}
