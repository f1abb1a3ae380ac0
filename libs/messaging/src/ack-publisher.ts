import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { createReplyInbox, ReplyStatusError } from './reply-inbox';

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

/**
 * Publishes to JetStream with one reply subscription for every acknowledgement
 * (`createReplyInbox`), instead of a request (and its own reply bookkeeping) per message: a
 * pipelined batch costs one `PUB` each and one subscription in all. The server's
 * acknowledgement (`{"stream","seq","duplicate"}` or `{"error"}`) or its "no responders" status
 * settles each publish; one that hears nothing within `timeoutMs` fails, as a request would.
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
  const inbox = createReplyInbox(nc, inboxPrefix);
  return {
    async publish(subject, data, options = {}) {
      const hdrs = options.headers ?? (options.msgID ? natsHeaders() : undefined);
      if (options.msgID) hdrs!.set('Nats-Msg-Id', options.msgID);
      const msg = await inbox
        .request(subject, data, { timeoutMs, ...(hdrs ? { headers: hdrs } : {}) })
        .catch((err: unknown) => {
          if (err instanceof ReplyStatusError) {
            throw new Error(`JetStream did not store the message: ${err.code} ${err.description}`);
          }
          throw err;
        });
      if (msg.data.length === 0) throw new Error('JetStream did not store the message: empty');
      const ack = msg.json<{
        seq?: number;
        duplicate?: boolean;
        error?: { code?: number; description?: string };
      }>();
      if (ack.error || typeof ack.seq !== 'number') {
        throw new Error(
          `JetStream refused the message: ${ack.error?.code ?? ''} ${ack.error?.description ?? 'no sequence'}`,
        );
      }
      return { seq: ack.seq, duplicate: ack.duplicate === true };
    },
    close: () => inbox.close(),
  };
}
