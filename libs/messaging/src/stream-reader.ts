import { DeliverPolicy } from '@nats-io/jetstream';
import type { Nats } from './connection';

export interface StreamReaderOptions {
  stream: string;
  /**
   * The subject read (wildcards allowed). One only: several filter subjects need nats-server
   * 2.10, and a 2.9 server would ignore them and deliver the whole stream.
   */
  filterSubject: string;
  /**
   * Read what the stream stored after this sequence (kept messages first, then live ones);
   * absent: only what is stored from now on. A sequence past the stream's end reads from its end.
   */
  afterSeq?: number;
  /** The consumers' name prefix (one token): shows who reads in the server's consumer list. */
  namePrefix: string;
  /** Messages fetched ahead of the reader at most. */
  maxBuffered?: number;
}

/** One message read, with its stream sequence (a position a later reader can start after). */
export interface StreamRecord {
  seq: number;
  subject: string;
  data: Uint8Array;
}

export interface StreamReader {
  /** The messages, in stream order, without gaps or repeats; ends when closed. */
  records: AsyncIterable<StreamRecord>;
  /** The oldest sequence the stream still held when the reader opened. */
  firstSeq: number;
  /** Stops reading and removes the consumer. */
  close(): Promise<void>;
}

/** How long an abandoned reader's consumer outlives its process (a crash, a lost connection). */
const INACTIVE_THRESHOLD_MS = 60_000;

/**
 * Reads a stream from a position on, with an ordered consumer: ephemeral, unacknowledged,
 * recreated by the client after a gap so messages come exactly once and in order. The start
 * is pinned to a sequence (the stream's end when `afterSeq` is absent), so a recreated consumer
 * resumes where the reader was rather than at "new".
 *
 * @example const reader = await openStreamReader(nats, { stream: 'CLIENT_EVENTS', filterSubject: 'clientevents.t1.>', namePrefix: 'gateway-stream' });
 */
export async function openStreamReader(
  nats: Nats,
  options: StreamReaderOptions,
): Promise<StreamReader> {
  const { state } = await nats.jsm.streams.info(options.stream);
  const end = state.last_seq + 1;
  const start = options.afterSeq === undefined ? end : Math.min(options.afterSeq + 1, end);
  const consumer = await nats.js.consumers.get(options.stream, {
    name_prefix: options.namePrefix,
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(start, 1),
    inactive_threshold: INACTIVE_THRESHOLD_MS,
  });
  const messages = await consumer.consume({ max_messages: options.maxBuffered ?? 64 });
  let closed = false;
  async function* records(): AsyncIterable<StreamRecord> {
    for await (const m of messages) {
      yield { seq: m.seq, subject: m.subject, data: m.data };
    }
  }
  return {
    records: records(),
    firstSeq: state.first_seq,
    async close() {
      if (closed) return;
      closed = true;
      await messages.close().catch(() => undefined);
      await consumer.delete().catch(() => undefined);
    },
  };
}
