import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  AppError,
  ClientEvent,
  ErrorCodes,
  Streams,
  Subjects,
  conversationOfEvent,
  type ClientEventType,
} from '@switchboard/contracts';
import { drained } from '@switchboard/http';
import { decodeJson, openStreamReader, type Nats, type StreamReader } from '@switchboard/messaging';
import { Counter, Gauge, type Logger, type ServiceMetrics } from '@switchboard/observability';
import type { Redis } from '@switchboard/service';
import { createStreamSlots, type StreamSlot } from './stream-slots';

/** What one stream sends: a tenant's events, optionally narrowed. */
export interface EventStreamRequest {
  tenantId: string;
  /** Only these types; every type when absent. */
  types?: readonly ClientEventType[];
  /** Only events about this conversation. */
  conversationId?: string;
  /** Resume after this stream sequence (the `id` of the last event the client saw). */
  afterSeq?: number;
}

export interface EventStreamsOptions {
  nats: Nats;
  redis: Redis;
  log: Logger;
  metrics: ServiceMetrics;
  maxPerTenant: number;
  heartbeatMs: number;
}

/** How long the client waits before reconnecting after the stream ends (the SSE `retry:` field). */
const RECONNECT_MS = 3_000;
/** The consumers' name prefix: shows the gateway's readers in the server's consumer list. */
const CONSUMER_PREFIX = 'gateway-events';

/** One SSE frame: the stream sequence is the event's `id`, so `Last-Event-ID` resumes exactly. */
const frame = (seq: number, event: ClientEvent) =>
  `id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * The live event streams (`GET /api/v1/events/stream`): each reads its tenant's subjects of the
 * CLIENT_EVENTS stream from a position on (JetStream keeps the history, so a reconnect with
 * `Last-Event-ID` misses nothing and repeats nothing), sends each event as a Server-Sent Event
 * whose `id` is its stream sequence, and a comment line every `heartbeatMs`. Open streams per
 * tenant are limited across replicas (Redis); `close()` ends them all at shutdown, and clients
 * reconnect (to another replica) with their `Last-Event-ID`.
 */
export function createEventStreams(options: EventStreamsOptions) {
  const { nats, log, heartbeatMs } = options;
  const registers = [options.metrics.registry];
  const slots = createStreamSlots({
    redis: options.redis,
    log,
    limit: options.maxPerTenant,
    ttlMs: heartbeatMs * 3,
  });
  const open = new Set<() => Promise<void>>();
  let closing = false;
  new Gauge({
    name: 'event_streams_open',
    help: 'Event streams (Server-Sent Events) open on this replica',
    registers,
    collect() {
      this.set(open.size);
    },
  });
  const sent = new Counter({
    name: 'event_stream_events_total',
    help: 'Client events sent over event streams',
    registers,
  });
  const refused = new Counter({
    name: 'event_streams_refused_total',
    help: 'Event streams refused because their tenant had the most open already',
    registers,
  });

  return {
    /**
     * Serves one stream on `res` until the client goes, the stream fails or the gateway stops.
     * Throws (before anything is sent) `429` when the tenant's streams are at the limit.
     */
    async serve(req: Request, res: Response, stream: EventStreamRequest): Promise<void> {
      if (closing) throw new AppError(ErrorCodes.unavailable, 'The gateway is shutting down');
      const holder = randomUUID();
      const slot = await slots.acquire(stream.tenantId, holder);
      if (!slot) {
        refused.inc();
        res.set('Retry-After', String(Math.ceil(heartbeatMs / 1000)));
        throw new AppError(
          ErrorCodes.rateLimited,
          `At most ${options.maxPerTenant} event streams may be open at once; close one and retry`,
        );
      }
      let reader: StreamReader;
      try {
        reader = await openStreamReader(nats, {
          stream: Streams.clientEvents.name,
          // The tenant's subjects and nothing else: the server applies the tenant filter.
          filterSubject: Subjects.clientEventsOf(stream.tenantId),
          ...(stream.afterSeq !== undefined ? { afterSeq: stream.afterSeq } : {}),
          namePrefix: `${CONSUMER_PREFIX}-${holder.slice(0, 8)}`,
        });
      } catch (err) {
        await slot.release();
        log.warn({ err }, 'event stream could not be opened');
        throw new AppError(ErrorCodes.unavailable, 'Events cannot be read right now; retry');
      }
      await pipe(req, res, stream, slot, reader);
    },
    /** Ends every open stream (shutdown): clients reconnect with their `Last-Event-ID`. */
    async close(): Promise<void> {
      closing = true;
      await Promise.allSettled([...open].map((end) => end()));
    },
  };

  async function pipe(
    req: Request,
    res: Response,
    stream: EventStreamRequest,
    slot: StreamSlot,
    reader: StreamReader,
  ): Promise<void> {
    let ended = false;
    const end = async () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      open.delete(end);
      await reader.close();
      await slot.release();
      if (!res.writableEnded) res.end();
    };
    open.add(end);
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      // Every byte goes out as written: no caching, no transformation (compression), no
      // buffering by a proxy (nginx honours X-Accel-Buffering).
      'Cache-Control': 'no-cache, no-store, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    res.write(`retry: ${RECONNECT_MS}\n: stream open\n\n`);
    const heartbeat = setInterval(() => {
      if (res.writableEnded) return;
      res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      void slot.renew();
    }, heartbeatMs);
    res.on('close', () => void end());

    try {
      for await (const record of reader.records) {
        if (ended) break;
        let event: ClientEvent;
        try {
          event = decodeJson(ClientEvent, record.data);
        } catch (err) {
          log.warn(
            { err, seq: record.seq, subject: record.subject },
            'client event not valid; skipped',
          );
          continue;
        }
        // The subject filter already holds the tenant; the payload must agree.
        if (event.tenant_id !== stream.tenantId) continue;
        if (stream.types && !stream.types.includes(event.type)) continue;
        if (stream.conversationId && conversationOfEvent(event) !== stream.conversationId) continue;
        sent.inc();
        // A slow client: read no further until what was written has gone out.
        if (!res.write(frame(record.seq, event))) await drained(res);
      }
    } catch (err) {
      if (!ended) log.warn({ err }, 'event stream ended by an error');
    } finally {
      await end();
    }
  }
}
export type EventStreams = ReturnType<typeof createEventStreams>;
