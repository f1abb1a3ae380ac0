import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { detached, type Logger } from '@switchboard/observability';

/** One HTTP POST to a webhook. The body must survive being sent again on a retry. */
export interface WebhookRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string | FormData;
}

/** How one attempt went. */
export interface WebhookOutcome {
  /** 1 for the first try. */
  attempt: number;
  /** The receiver's answer; null when there was none. */
  httpStatus: number | null;
  /** Why there was no answer (`ECONNREFUSED`, `TimeoutError`…); null when there was one. */
  error: string | null;
  /** ISO 8601, when the attempt ended. */
  at: string;
  /** A 2xx answer. */
  ok: boolean;
}

export interface PostOptions {
  /** Attempts before giving up; defaults to the sender's. 1 means no retry. */
  attempts?: number;
  /** Told after every attempt, e.g. to note it on the stored message. */
  onAttempt?: (outcome: WebhookOutcome) => void;
  /** Ids for the give-up log line; never addresses or contents. */
  logContext?: Readonly<Record<string, unknown>>;
}

export interface WebhookSender {
  /** Posts, retrying non-2xx answers and connection errors with doubling pauses; returns the last outcome. */
  post(request: WebhookRequest, options?: PostOptions): Promise<WebhookOutcome>;
  /** Pauses a background job; rejects with an AbortError once the sender stops. */
  wait(ms: number): Promise<void>;
  /** Runs a job in the background; `stop()` cancels it and waits for it to settle. */
  run(job: () => Promise<void>): void;
  /** Cancels pauses and requests in flight, then waits for background jobs to end. */
  stop(): Promise<void>;
}

export interface WebhookSenderOptions {
  log: Logger;
  attempts: number;
  /** The pause before the first retry; it doubles for every later one. */
  retryDelayMs: number;
  /** Bound on one request. */
  timeoutMs: number;
}

/** A short reason for no answer: the system error (`ECONNREFUSED`…) or the error's name. */
function failureName(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.code ?? e?.cause?.message ?? e?.name ?? 'Error';
}

const isAbort = (err: unknown) => (err as { name?: string })?.name === 'AbortError';

/**
 * Connections kept open between callbacks, as a provider's webhook workers do; as many as the
 * callbacks in flight (no queue in front of them, where a callback's time would run out unsent).
 */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** A multipart body as bytes with its boundary, the way an HTTP client would encode it. */
async function encodeBody(
  body: string | FormData,
): Promise<{ payload: string | Buffer; contentType?: string }> {
  if (typeof body === 'string') return { payload: body };
  const encoded = new Response(body);
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type') ?? undefined,
  };
}

/** One POST, bounded by `timeoutMs`; answers the status (redirects are not followed). */
async function postOnce(
  request: WebhookRequest,
  timeoutMs: number,
  inFlight: Set<http.ClientRequest>,
): Promise<number> {
  const { payload, contentType } = await encodeBody(request.body);
  const target = new URL(request.url);
  const agent = target.protocol === 'https:' ? AGENTS['https:'] : AGENTS['http:'];
  return new Promise((resolve, reject) => {
    const req = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          ...request.headers,
          ...(contentType ? { 'content-type': contentType } : {}),
          'content-length': String(Buffer.byteLength(payload)),
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => (clearTimeout(timer), resolve(res.statusCode ?? 0)));
        res.once('error', (err) => (clearTimeout(timer), reject(err)));
      },
    );
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error('no answer in time'), { name: 'TimeoutError' })),
      timeoutMs,
    );
    // Tracked rather than given an AbortSignal each: a listener per request costs more than the
    // request. `stop()` destroys what is still in flight.
    inFlight.add(req);
    req.once('close', () => inFlight.delete(req));
    req.once('error', (err) => (clearTimeout(timer), reject(err)));
    req.end(payload);
  });
}

/**
 * Delivers the sandbox's webhooks as providers do: signed by the caller, retried with backoff on
 * a non-2xx answer or no answer, given up on with one log line.
 *
 * @example
 * const sender = createWebhookSender({ log, attempts: 4, retryDelayMs: 200, timeoutMs: 5000 });
 * sender.run(async () => { await sender.wait(50); await sender.post({ url, headers, body }); });
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { log } = options;
  const stopping = new AbortController();
  const inFlight = new Set<http.ClientRequest>();
  const jobs = new Set<Promise<void>>();

  async function attemptOnce(request: WebhookRequest, attempt: number): Promise<WebhookOutcome> {
    try {
      const status = await postOnce(request, options.timeoutMs, inFlight);
      const ok = status >= 200 && status < 300;
      return { attempt, httpStatus: status, error: null, at: new Date().toISOString(), ok };
    } catch (err) {
      if (stopping.signal.aborted) throw err;
      const error = failureName(err);
      return { attempt, httpStatus: null, error, at: new Date().toISOString(), ok: false };
    }
  }

  const wait = (ms: number) => sleep(ms, undefined, { signal: stopping.signal });

  return {
    async post(request, postOptions = {}) {
      const attempts = postOptions.attempts ?? options.attempts;
      let outcome: WebhookOutcome | undefined;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        if (attempt > 1) await wait(options.retryDelayMs * 2 ** (attempt - 2));
        outcome = await attemptOnce(request, attempt);
        postOptions.onAttempt?.(outcome);
        if (outcome.ok) return outcome;
      }
      // attempts ≥ 1, so the loop ran.
      const last = outcome!;
      log.warn(
        { ...postOptions.logContext, attempts, http_status: last.httpStatus, error: last.error },
        'webhook given up',
      );
      return last;
    },
    wait,
    run(job) {
      // A provider's webhooks start afresh: no trace context or request id of the API call
      // that caused them travels with them (Twilio and SendGrid send none).
      const running = detached(job)
        .catch((err: unknown) => {
          if (isAbort(err) && stopping.signal.aborted) return;
          log.error({ err }, 'webhook job failed');
        })
        .finally(() => jobs.delete(running));
      jobs.add(running);
    },
    async stop() {
      stopping.abort();
      for (const req of inFlight) {
        req.destroy(Object.assign(new Error('the sender stopped'), { name: 'AbortError' }));
      }
      await Promise.all([...jobs]);
    },
  };
}
