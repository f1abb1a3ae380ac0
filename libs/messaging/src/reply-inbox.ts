import {
  createInbox,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

/** A request's answer was a server status instead of a reply: no responders (503), mostly. */
export class ReplyStatusError extends Error {
  override readonly name = 'ReplyStatusError';
  constructor(
    readonly subject: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`${subject}: ${code} ${description}`.trim());
  }
}

/** Requests answered through one subscription (see {@link createReplyInbox}). */
export interface ReplyInbox {
  /**
   * Publishes `data` to `subject` with a reply subject of this inbox and resolves with the
   * answer; rejects with a {@link ReplyStatusError} when the server answers for the subject (no
   * responders), or when nothing answered within `timeoutMs`.
   */
  request(
    subject: string,
    data: Uint8Array,
    options: { timeoutMs: number; headers?: MsgHdrs },
  ): Promise<Msg>;
  /** Rejects what still waits for its answer and stops listening. */
  close(): void;
}

interface Waiting {
  resolve(msg: Msg): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  subject: string;
}

/**
 * Requests with one reply subscription for all of them: each is a `PUB` whose reply subject is
 * `<inbox>.<n>`, under one wildcard subscription, and its answer is matched by that subject. A
 * nats.js `request` registers each reply with its own bookkeeping and builds an `Error` when it
 * is answered; this costs a map entry and a timer, about half the client CPU of a request
 * (`docs/BENCHMARKS.md`). The server's "no responders" status fails a request at once.
 *
 * @example
 * const requests = createReplyInbox(nats.nc, nats.inboxPrefix);
 * const answer = await requests.request('rpc.conversation.get-message', bytes, { timeoutMs: 5_000 });
 */
export function createReplyInbox(nc: NatsConnection, inboxPrefix: string): ReplyInbox {
  const prefix = createInbox(inboxPrefix);
  const waiting = new Map<string, Waiting>();
  let next = 0;
  let sub: Subscription | undefined;

  const settle = (msg: Msg) => {
    const id = msg.subject.slice(prefix.length + 1);
    const entry = waiting.get(id);
    if (!entry) return; // late, after its timeout
    waiting.delete(id);
    clearTimeout(entry.timer);
    const status = msg.headers;
    if (status?.hasError) {
      entry.reject(new ReplyStatusError(entry.subject, status.code, status.description));
    } else {
      entry.resolve(msg);
    }
  };

  const rejectAll = (err: Error) => {
    for (const entry of waiting.values()) {
      clearTimeout(entry.timer);
      entry.reject(err);
    }
    waiting.clear();
  };

  return {
    request(subject, data, { timeoutMs, headers }) {
      if (nc.isClosed()) return Promise.reject(new Error('NATS connection is closed'));
      sub ??= nc.subscribe(`${prefix}.*`, {
        callback: (err, msg) => {
          if (!err) return settle(msg);
          // The subscription is gone (refused, connection closed): nothing will be answered.
          rejectAll(err);
          sub = undefined;
        },
      });
      const id = String((next += 1));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no answer on ${subject} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, { resolve, reject, timer, subject });
        try {
          nc.publish(subject, data, { reply: `${prefix}.${id}`, ...(headers ? { headers } : {}) });
        } catch (err) {
          waiting.delete(id);
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
    close() {
      rejectAll(new Error('reply inbox closed'));
      sub?.unsubscribe();
      sub = undefined;
    },
  };
}
