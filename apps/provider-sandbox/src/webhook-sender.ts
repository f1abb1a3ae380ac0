import { Agent, type Dispatcher } from 'undici';
import { detached, type Logger } from '@switchboard/observability';
import { DelayQueue } from './delay-queue';

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

export interface DeliverOptions extends PostOptions {
  /** A pause before the first attempt. */
  delayMs?: number;
  /** Told the last outcome, once the request succeeded or was given up on. */
  then?: (outcome: WebhookOutcome) => void;
}

export interface WebhookSender {
  /** Posts, retrying non-2xx answers and connection errors with doubling pauses; returns the last outcome. */
  post(request: WebhookRequest, options?: PostOptions): Promise<WebhookOutcome>;
  /**
   * Posts in the background as `post` does, after `delayMs`; `request` is built when the first
   * attempt is due. Such requests take turns: at most `concurrency` are in flight, the others
   * wait their turn (their time bound starts when they are sent). Nothing happens once the
   * sender stopped.
   */
  deliver(request: () => WebhookRequest, options?: DeliverOptions): void;
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
  /** Requests of `deliver` in flight at once; the rest queue (`SANDBOX_CALLBACK_CONCURRENCY`). */
  concurrency: number;
}

/** A short reason for no answer: the system error (`ECONNREFUSED`…) or the error's name. */
function failureName(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.code ?? e?.cause?.message ?? e?.name ?? 'Error';
}

const isAbort = (err: unknown) => (err as { name?: string })?.name === 'AbortError';
const abortError = () => Object.assign(new Error('the sender stopped'), { name: 'AbortError' });

/** A request ready for the wire: the URL split and the body encoded once, for every attempt. */
interface Prepared {
  origin: string;
  path: string;
  headers: Record<string, string>;
  payload: string | Buffer;
}

/** A multipart body as bytes with its boundary, the way an HTTP client would encode it. */
async function encodeFormData(body: FormData): Promise<{ payload: Buffer; contentType?: string }> {
  const encoded = new Response(body);
  return {
    payload: Buffer.from(await encoded.arrayBuffer()),
    contentType: encoded.headers.get('content-type') ?? undefined,
  };
}

function prepared(
  request: WebhookRequest,
  payload: string | Buffer,
  contentType?: string,
): Prepared {
  const target = new URL(request.url);
  return {
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    headers: {
      ...request.headers,
      ...(contentType ? { 'content-type': contentType } : {}),
      'content-length': String(Buffer.byteLength(payload)),
    },
    payload,
  };
}

/** One background request on its way: its attempts so far and what to tell at the end. */
interface Delivery {
  build: () => WebhookRequest;
  request?: Prepared;
  options: DeliverOptions;
  attempts: number;
  attempt: number;
}

/**
 * Delivers the sandbox's webhooks as providers do: signed by the caller, retried with backoff on
 * a non-2xx answer or no answer, given up on with one log line.
 *
 * @example
 * const sender = createWebhookSender({ log, attempts: 4, retryDelayMs: 200, timeoutMs: 5000, concurrency: 512 });
 * sender.deliver(() => ({ url, headers, body }), { delayMs: 50, onAttempt: note });
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { log, timeoutMs } = options;
  let stopping = false;
  // Callbacks start afresh: no trace context or request id of the API call that caused them
  // travels with them (Twilio and SendGrid send none).
  const delays = new DelayQueue({
    within: detached,
    onError: (err) => log.error({ err }, 'webhook job failed'),
  });
  // Connections kept open between callbacks, as a provider's webhook workers do, and no limit
  // on them: an agent's queue would start a request's time bound before it is sent, so
  // `deliver` keeps its own queue in front instead. undici's dispatcher costs a third of what
  // node:http's client does per request.
  const dispatcher = new Agent();
  const jobs = new Set<Promise<void>>();
  /** Deliveries waiting for a turn, oldest first (`waitingHead` is the next). */
  let waiting: Delivery[] = [];
  let waitingHead = 0;
  let delivering = 0;

  /**
   * One POST, bounded by `timeoutMs`; `done` hears the status (redirects are not followed) or the
   * error. Called outside any request's context (`detached`): a connection it opens serves later
   * requests too, and what it hears runs in the context it was opened in.
   */
  function postOnce(request: Prepared, done: (err: Error | null, status: number) => void): void {
    let settled = false;
    let status = 0;
    let controller: Dispatcher.DispatchController | undefined;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      done(err, status);
    };
    const timer = delays.schedule(timeoutMs, () => {
      const err = Object.assign(new Error('no answer in time'), { name: 'TimeoutError' });
      controller?.abort(err);
      settle(err);
    });
    dispatcher.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: 'POST',
        headers: request.headers,
        body: request.payload,
      },
      {
        onRequestStart(started) {
          controller = started;
          // Timed out while connecting: not to be sent after all.
          if (settled) started.abort(abortError());
        },
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData() {
          // The answer's body says nothing a provider reads.
        },
        onResponseEnd() {
          settle(null);
        },
        onResponseError(_controller, err) {
          settle(err);
        },
      },
    );
  }

  function outcomeOf(attempt: number, err: Error | null, status: number): WebhookOutcome {
    const at = new Date().toISOString();
    if (err) return { attempt, httpStatus: null, error: failureName(err), at, ok: false };
    return { attempt, httpStatus: status, error: null, at, ok: status >= 200 && status < 300 };
  }

  function givenUp(attempts: number, last: WebhookOutcome, postOptions: PostOptions): void {
    log.warn(
      { ...postOptions.logContext, attempts, http_status: last.httpStatus, error: last.error },
      'webhook given up',
    );
  }

  // Deliveries: callback-driven, no promise per step, at most `concurrency` in flight.

  function enqueue(delivery: Delivery): void {
    if (stopping) return;
    if (delivering < options.concurrency) send(delivery);
    else waiting.push(delivery);
  }

  function nextTurn(): void {
    delivering -= 1;
    if (stopping) return;
    const delivery = waiting[waitingHead];
    if (!delivery) return;
    waiting[waitingHead] = undefined as unknown as Delivery;
    waitingHead += 1;
    if (waitingHead === waiting.length) {
      waiting = [];
      waitingHead = 0;
    } else if (waitingHead >= 1024 && waitingHead * 2 >= waiting.length) {
      waiting = waiting.slice(waitingHead);
      waitingHead = 0;
    }
    send(delivery);
  }

  function send(delivery: Delivery): void {
    delivering += 1;
    let request = delivery.request;
    if (!request) {
      const built = delivery.build();
      if (typeof built.body !== 'string') {
        // Multipart bodies are encoded asynchronously; nothing hot sends them this way.
        void encodeFormData(built.body).then(
          ({ payload, contentType }) => {
            delivery.request = prepared(built, payload, contentType);
            delivering -= 1;
            send(delivery);
          },
          (err: unknown) => {
            log.error({ err }, 'webhook job failed');
            nextTurn();
          },
        );
        return;
      }
      request = delivery.request = prepared(built, built.body);
    }
    delivery.attempt += 1;
    postOnce(request, (err, status) => {
      if (stopping) {
        delivering -= 1;
        return;
      }
      const outcome = outcomeOf(delivery.attempt, err, status);
      const { onAttempt, then } = delivery.options;
      onAttempt?.(outcome);
      if (!outcome.ok && delivery.attempt < delivery.attempts) {
        // The pause of a retry is not a turn: others go meanwhile.
        delays.schedule(options.retryDelayMs * 2 ** (delivery.attempt - 1), () =>
          enqueue(delivery),
        );
      } else {
        if (!outcome.ok) givenUp(delivery.attempts, outcome, delivery.options);
        then?.(outcome);
      }
      nextTurn();
    });
  }

  const wait = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (stopping) reject(abortError());
      else delays.schedule(ms, resolve, () => reject(abortError()));
    });

  async function attemptOnce(request: Prepared, attempt: number): Promise<WebhookOutcome> {
    const settled = await new Promise<{ err: Error | null; status: number }>((resolve) =>
      detached(() => postOnce(request, (err, status) => resolve({ err, status }))),
    );
    if (stopping) throw settled.err ?? abortError();
    return outcomeOf(attempt, settled.err, settled.status);
  }

  return {
    async post(request, postOptions = {}) {
      const attempts = postOptions.attempts ?? options.attempts;
      const ready =
        typeof request.body === 'string'
          ? prepared(request, request.body)
          : await encodeFormData(request.body).then(({ payload, contentType }) =>
              prepared(request, payload, contentType),
            );
      let outcome: WebhookOutcome | undefined;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        if (attempt > 1) await wait(options.retryDelayMs * 2 ** (attempt - 2));
        outcome = await attemptOnce(ready, attempt);
        postOptions.onAttempt?.(outcome);
        if (outcome.ok) return outcome;
      }
      // attempts ≥ 1, so the loop ran.
      const last = outcome!;
      givenUp(attempts, last, postOptions);
      return last;
    },
    deliver(build, deliverOptions = {}) {
      if (stopping) return;
      const delivery: Delivery = {
        build,
        options: deliverOptions,
        attempts: deliverOptions.attempts ?? options.attempts,
        attempt: 0,
      };
      // Through the queue even without a pause: its timers run outside the caller's context.
      delays.schedule(deliverOptions.delayMs ?? 0, () => enqueue(delivery));
    },
    wait,
    run(job) {
      // A provider's webhooks start afresh: no trace context or request id of the API call
      // that caused them travels with them (Twilio and SendGrid send none).
      const running = detached(job)
        .catch((err: unknown) => {
          if (isAbort(err) && stopping) return;
          log.error({ err }, 'webhook job failed');
        })
        .finally(() => jobs.delete(running));
      jobs.add(running);
    },
    async stop() {
      stopping = true;
      delays.clear();
      waiting = [];
      waitingHead = 0;
      // Requests in flight end in an AbortError, which stopped jobs take quietly.
      await Promise.all([dispatcher.destroy(abortError()), ...jobs]);
    },
  };
}
