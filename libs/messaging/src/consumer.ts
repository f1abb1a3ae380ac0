import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { SpanKind, continueIncoming, type Correlation } from '@switchboard/observability';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { fromHeaders } from './codec';
import { consumerStats } from './consumer-stats';
import { KeyedExecutor } from './keyed-executor';
import { subjectPattern } from './subject-pattern';

/** How a handler wants its message settled. */
export type Settlement =
  { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term'; reason: string };

export const ack = (): Settlement => ({ kind: 'ack' });
export const nak = (delayMs: number): Settlement => ({ kind: 'nak', delayMs });
export const term = (reason: string): Settlement => ({ kind: 'term', reason });

export interface DeliveryContext {
  subject: string;
  streamSeq: number;
  /** 1 on first delivery. */
  deliveryCount: number;
  headers: Record<string, string>;
  /** Extends the ack deadline while a long task (a slow provider, a backoff) runs. */
  working(): void;
  /** True once the consumer is stopping: a long task should hand its message back (nak). */
  stopping(): boolean;
}

/**
 * A dependency the handler cannot work without (the database). When the handler fails with an
 * error `isOutage` recognises, the consumer pauses: it stops pulling, hands back what it holds
 * (nak), and calls `probe` every `probeIntervalMs` until it succeeds; then it pulls again. So an
 * outage of any length costs a message about one delivery, and nothing is pulled just to fail.
 */
export interface PauseOnOutage {
  isOutage: (err: unknown) => boolean;
  /** Resolves when the dependency answers again; rejects while it is away. */
  probe: () => Promise<unknown>;
  probeIntervalMs: number;
}

export interface ConsumerOptions<S extends z.ZodType> {
  js: JetStreamClient;
  stream: string;
  durable: string;
  schema: S;
  log: Logger;
  /** Tasks running at once across keys. */
  concurrency: number;
  /** Messages held in memory before the loop stops pulling. */
  maxBuffered?: number;
  /** Messages with the same key are handled one after another, in stream order. */
  keyOf: (payload: z.output<S>, msg: JsMsg) => string;
  handle: (payload: z.output<S>, ctx: DeliveryContext) => Promise<Settlement>;
  /** Delay before redelivery when the handler throws, by delivery count. */
  retryDelayMs?: (deliveryCount: number) => number;
  /** Pause consuming while a dependency is down (see {@link PauseOnOutage}). */
  pauseOnOutage?: PauseOnOutage;
  /**
   * The ids a message is about, put on its consumer span and on every log line its handler
   * writes. By default the payload's own `message_id` and `provider_message_id`.
   */
  correlate?: (payload: z.output<S>) => Correlation;
}

export interface RunningConsumer {
  /** Stops pulling, lets running tasks finish, hands queued ones back (nak), and resolves. */
  stop(): Promise<void>;
}

/**
 * How long one pull request waits at the server. The server sends heartbeats every half of it;
 * two missed ones make the client pull again. That is what un-sticks a consumer whose leader
 * moved to another node of a cluster (the new leader never saw the old pull): with 5 s it pulls
 * again within about 5 s, where the client's default (30 s) would idle for up to 30 s.
 */
const PULL_EXPIRES_MS = 5_000;

const defaultRetryDelay = (count: number) => Math.min(30_000, 250 * 2 ** Math.min(count, 7));

const idField = (payload: unknown, key: string): string | undefined => {
  const value = (payload as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' && value ? value : undefined;
};

/** Every contract names its message by `message_id` (and the provider's by `provider_message_id`). */
const defaultCorrelate = (payload: unknown): Correlation => {
  const message_id = idField(payload, 'message_id');
  const provider_message_id = idField(payload, 'provider_message_id');
  return {
    ...(message_id ? { message_id } : {}),
    ...(provider_message_id ? { provider_message_id } : {}),
  };
};

/**
 * Consumes a durable JetStream consumer with explicit settlement: every message is acked,
 * nak'ed with a delay or terminated, and never left to time out silently.
 *
 * @example
 * const c = await startConsumer({ js, stream: 'DISPATCH', durable: 'sms-dispatcher', schema: DispatchCommand,
 *   log, concurrency: 64, keyOf: (cmd) => cmd.conversation_id, handle: (cmd) => send(cmd) });
 * await c.stop();
 */
export async function startConsumer<S extends z.ZodType>(
  options: ConsumerOptions<S>,
): Promise<RunningConsumer> {
  const { js, stream, durable, schema, log } = options;
  const executor = new KeyedExecutor(options.concurrency);
  const maxBuffered = options.maxBuffered ?? options.concurrency * 4;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const correlate = options.correlate ?? defaultCorrelate;
  const stats = consumerStats(js, stream, durable);
  const pauseOn = options.pauseOnOutage;
  let stopping = false;
  let paused = false;
  let buffered = 0;
  let wake: (() => void) | undefined;
  let messages: ConsumerMessages | undefined;

  const settle = (msg: JsMsg, settlement: Settlement) => {
    stats.outcomes[settlement.kind] += 1;
    switch (settlement.kind) {
      case 'ack':
        msg.ack();
        break;
      case 'nak':
        msg.nak(settlement.delayMs);
        break;
      case 'term':
        log.warn(
          { stream, durable, seq: msg.seq, reason: settlement.reason },
          'message terminated',
        );
        msg.term(settlement.reason);
        break;
    }
  };

  /** Stops pulling until the dependency answers again (see `resume`). */
  const pause = (err: unknown) => {
    if (paused || stopping) return;
    paused = true;
    stats.paused = true;
    log.warn(
      { err, stream, durable },
      'a dependency is unavailable; consuming paused until it answers',
    );
    void messages?.close().catch(() => undefined);
  };
  let wakeSleep: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const resume = async () => {
    while (paused && !stopping && pauseOn) {
      await sleep(pauseOn.probeIntervalMs);
      if (stopping) return;
      try {
        await pauseOn.probe();
        paused = false;
        stats.paused = false;
        log.info({ stream, durable }, 'the dependency answers again; consuming resumed');
      } catch {
        // still away
      }
    }
  };

  const process = async (msg: JsMsg, payload: z.output<S>) => {
    if (stopping) {
      msg.nak(0);
      return;
    }
    if (paused) {
      // Handed back untouched: it comes again once consuming resumes.
      msg.nak(pauseOn?.probeIntervalMs ?? 0);
      return;
    }
    const ctx: DeliveryContext = {
      subject: msg.subject,
      streamSeq: msg.seq,
      deliveryCount: msg.info.deliveryCount,
      headers: fromHeaders(msg.headers),
      working: () => msg.working(),
      stopping: () => stopping,
    };
    if (ctx.deliveryCount > 1) stats.redelivered += 1;
    // The publisher's trace continues in a consumer span; its request id and the message's ids
    // go on every line the handler logs.
    await continueIncoming(
      ctx.headers,
      `process ${subjectPattern(msg.subject)}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': durable,
          'messaging.nats.stream': stream,
          'messaging.nats.stream_sequence': msg.seq,
          'messaging.nats.delivery_count': ctx.deliveryCount,
        },
      },
      correlate(payload),
      async (span) => {
        try {
          const settlement = await options.handle(payload, ctx);
          span.setAttribute('messaging.nats.settlement', settlement.kind);
          settle(msg, settlement);
        } catch (err) {
          const delayMs = retryDelay(ctx.deliveryCount);
          stats.outcomes.error += 1;
          log.error(
            { err, stream, durable, seq: msg.seq, delivery: ctx.deliveryCount, delayMs },
            'handler failed; will retry',
          );
          msg.nak(delayMs);
          if (pauseOn?.isOutage(err)) pause(err);
          // Recorded on the span as a failure; the message itself is handed back for a retry.
          throw err;
        }
      },
    ).catch(() => undefined);
  };

  const loop = async () => {
    let consumer: Consumer | undefined;
    while (!stopping) {
      if (paused) await resume();
      if (stopping) break;
      try {
        // Inside the retry: while a cluster elects the consumer's leader (a node lost, a service
        // starting with the cluster), looking it up fails for a moment; the loop tries again.
        consumer ??= await js.consumers.get(stream, durable);
        const pulling = await consumer.consume({
          max_messages: Math.min(maxBuffered, 512),
          expires: PULL_EXPIRES_MS,
        });
        messages = pulling;
        let closing = false;
        for await (const msg of pulling) {
          if (paused) {
            // Pulled before the pause took hold: handed back at once, and the pull ends.
            msg.nak(pauseOn?.probeIntervalMs ?? 0);
            if (!closing) void pulling.close().catch(() => undefined);
            closing = true;
            continue;
          }
          let payload: z.output<S>;
          try {
            payload = schema.parse(msg.json());
          } catch (err) {
            settle(
              msg,
              term(`payload does not match its contract: ${(err as Error).message.slice(0, 200)}`),
            );
            continue;
          }
          buffered += 1;
          void executor
            .run(options.keyOf(payload, msg), () => process(msg, payload))
            .then(() => {
              buffered -= 1;
              wake?.();
            });
          while (buffered >= maxBuffered && !stopping) {
            await new Promise<void>((resolve) => (wake = resolve));
          }
          if (stopping) break;
        }
      } catch (err) {
        if (stopping) break;
        log.error({ err, stream, durable }, 'consumer loop failed; restarting');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };

  const running = loop();
  log.info({ stream, durable, concurrency: options.concurrency }, 'consumer started');

  return {
    async stop() {
      stopping = true;
      wake?.();
      wakeSleep?.();
      await messages?.close().catch(() => undefined);
      await running.catch(() => undefined);
      await executor.idle();
    },
  };
}
