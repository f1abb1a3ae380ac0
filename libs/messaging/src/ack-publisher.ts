import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';

/** What publishes to a stream and answers once the server stored it. */
export interface StreamPublisher {
  publish(
    subject: string,
    data: Uint8Array,
    options?: { msgID?: string; headers?: MsgHdrs },
  ): Promise<{ seq: number; duplicate: boolean }>;
}

export interface AckPublisher extends StreamPublisher {
  /** Rejects what still waits for its acknowledgement and stops listening. */
  close(): void;
}

interface Waiting {
  resolve(ack: { seq: number; duplicate: boolean }): void;
  reject(err: Error): void;
  deadline: number;
}

/**
 * Publishes to JetStream with one reply subscription for every acknowledgement, instead of a
 * request (and its own reply bookkeeping) per message: a pipelined batch costs one `PUB` each and
 * one subscription in all. The server's acknowledgement (`{"stream","seq","duplicate"}` or
 * `{"error"}`) or its "no responders" status settles each publish; one that hears nothing within
 * `timeoutMs` fails, as a request would.
 *
 * @example
 * const publisher = createAckPublisher(nats.nc, inboxPrefix, 5_000);
 * await publisher.publish('dispatch.sms.3', bytes, { msgID: 'm1' });
 */
export function createAckPublisher(
  nc: NatsConnection,
  inboxPrefix: string,
  timeoutMs: number,
): AckPublisher {
  const prefix = createInbox(inboxPrefix);
  const waiting = new Map<string, Waiting>();
  let next = 0;
  let sweep: NodeJS.Timeout | undefined;
  let sub: Subscription | undefined;

  const settle = (msg: Msg) => {
    const id = msg.subject.slice(prefix.length + 1);
    const entry = waiting.get(id);
    if (!entry) return; // late, after its timeout
    waiting.delete(id);
    if (msg.headers?.hasError || msg.data.length === 0) {
      const status = msg.headers ? `${msg.headers.code} ${msg.headers.description}` : 'empty';
      entry.reject(new Error(`JetStream did not store the message: ${status}`.trim()));
      return;
    }
    try {
      const ack = msg.json<{
        seq?: number;
        duplicate?: boolean;
        error?: { code?: number; description?: string };
      }>();
      if (ack.error || typeof ack.seq !== 'number') {
        entry.reject(
          new Error(
            `JetStream refused the message: ${ack.error?.code ?? ''} ${ack.error?.description ?? 'no sequence'}`,
          ),
        );
        return;
      }
      entry.resolve({ seq: ack.seq, duplicate: ack.duplicate === true });
    } catch (err) {
      entry.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const expire = () => {
    const now = Date.now();
    for (const [id, entry] of waiting) {
      if (entry.deadline <= now) {
        waiting.delete(id);
        entry.reject(new Error(`no acknowledgement from JetStream within ${timeoutMs} ms`));
      }
    }
    if (waiting.size === 0 && sweep) {
      clearInterval(sweep);
      sweep = undefined;
    }
  };

  return {
    publish(subject, data, options = {}) {
      if (nc.isClosed()) return Promise.reject(new Error('NATS connection is closed'));
      sub ??= nc.subscribe(`${prefix}.*`, {
        callback: (err, msg) => {
          if (!err) return settle(msg);
          // The subscription is gone (refused, connection closed): nothing will be acknowledged.
          for (const entry of waiting.values()) entry.reject(err);
          waiting.clear();
          sub = undefined;
        },
      });
      const id = String((next += 1));
      const hdrs = options.headers ?? (options.msgID ? natsHeaders() : undefined);
      if (options.msgID) hdrs!.set('Nats-Msg-Id', options.msgID);
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, deadline: Date.now() + timeoutMs });
        sweep ??= setInterval(expire, Math.min(1_000, timeoutMs));
        try {
          nc.publish(subject, data, {
            reply: `${prefix}.${id}`,
            ...(hdrs ? { headers: hdrs } : {}),
          });
        } catch (err) {
          waiting.delete(id);
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
    close() {
      if (sweep) clearInterval(sweep);
      sweep = undefined;
      for (const entry of waiting.values()) entry.reject(new Error('publisher closed'));
      waiting.clear();
      sub?.unsubscribe();
      sub = undefined;
    },
  };
}
