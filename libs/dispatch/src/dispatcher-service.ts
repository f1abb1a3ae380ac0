import {
  StatusEvent,
  Streams,
  Subjects,
  partitionOf,
  type Channel,
  type DispatchCommand,
  DispatchCommand as DispatchCommandSchema,
  type MessageStatus,
} from '@switchboard/contracts';
import { createHttpService } from '@switchboard/http';
import {
  ack,
  ensureConsumer,
  ensureStreams,
  nak,
  publishEvent,
  startConsumer,
  type Nats,
  type RunningConsumer,
} from '@switchboard/messaging';
import {
  Counter,
  Histogram,
  LATENCY_BUCKETS,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { DispatcherEnv } from './dispatcher-config';

/** What a provider answered for one send. */
export interface DispatchResult {
  provider: string;
  providerMessageId: string;
}

/** A failed send, told apart by whether trying again can help. */
export interface DispatchFailure {
  provider: string;
  retryable: boolean;
  code: string | null;
  message: string;
  retryAfterMs?: number;
}

export type SendFn = (command: DispatchCommand) => Promise<DispatchResult>;

export interface DispatcherDeps {
  /** `sms-dispatcher`, `email-dispatcher`: the durable consumer's name too. */
  name: string;
  channel: Channel;
  port: number;
  config: DispatcherEnv;
  log: Logger;
  metrics: ServiceMetrics;
  nats: Nats;
  send: SendFn;
  /** Maps whatever `send` threw to a classified failure. */
  classify: (err: unknown) => DispatchFailure;
}

const backoffMs = (attempt: number, retryAfterMs?: number) =>
  Math.max(
    retryAfterMs ?? 0,
    Math.min(60_000, 500 * 2 ** Math.max(0, attempt - 1)) * (0.5 + Math.random() / 2),
  );

/**
 * A dispatcher: consumes `dispatch.<channel>.*`, one message at a time per conversation and many
 * conversations at once, sends through `send`, and reports each step as a status event.
 */
export function createDispatcherService(deps: DispatcherDeps): Service & { port(): number } {
  const { config, log, metrics, nats, channel } = deps;
  let boundPort = 0;
  let consumer: RunningConsumer | undefined;

  const outcomes = new Counter({
    name: 'dispatch_outcomes_total',
    help: 'Dispatch attempts by provider and outcome (sent, retry, failed)',
    labelNames: ['channel', 'provider', 'outcome'],
    registers: [metrics.registry],
  });
  const providerLatency = new Histogram({
    name: 'provider_request_duration_seconds',
    help: 'Provider call latency by provider and outcome',
    labelNames: ['provider', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [metrics.registry],
  });

  const http = createHttpService({ log, metrics, checks: { nats: () => nats.ping() } });

  const publishStatus = (
    command: DispatchCommand,
    status: MessageStatus,
    fields: Partial<
      Pick<StatusEvent, 'provider' | 'provider_message_id' | 'error_code' | 'error_message'>
    > = {},
    eventSuffix: string = status,
  ) =>
    publishEvent(
      nats.js,
      StatusEvent,
      Subjects.status(partitionOf(command.conversation_id, config.PARTITIONS)),
      {
        event_id: `${command.message_id}:${eventSuffix}`,
        message_id: command.message_id,
        provider: fields.provider ?? null,
        provider_message_id: fields.provider_message_id ?? null,
        status,
        error_code: fields.error_code ?? null,
        error_message: fields.error_message ?? null,
        occurred_at: new Date().toISOString(),
        source: 'dispatcher',
      },
      { msgId: `${command.message_id}:${eventSuffix}` },
    );

  const handle = async (command: DispatchCommand, delivery: { deliveryCount: number }) => {
    await publishStatus(command, 'sending');
    const started = process.hrtime.bigint();
    try {
      const result = await deps.send(command);
      providerLatency.observe(
        { provider: result.provider, outcome: 'sent' },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      outcomes.inc({ channel, provider: result.provider, outcome: 'sent' });
      await publishStatus(command, 'sent', {
        provider: result.provider,
        provider_message_id: result.providerMessageId,
      });
      log.info(
        {
          message_id: command.message_id,
          provider: result.provider,
          provider_message_id: result.providerMessageId,
        },
        'message sent',
      );
      return ack();
    } catch (err) {
      const failure = deps.classify(err);
      providerLatency.observe(
        { provider: failure.provider, outcome: 'error' },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      const exhausted = delivery.deliveryCount >= config.DISPATCH_MAX_DELIVER;
      if (failure.retryable && !exhausted) {
        outcomes.inc({ channel, provider: failure.provider, outcome: 'retry' });
        const delayMs = backoffMs(delivery.deliveryCount, failure.retryAfterMs);
        log.warn(
          {
            message_id: command.message_id,
            provider: failure.provider,
            code: failure.code,
            delayMs,
          },
          'send failed; will retry',
        );
        return nak(delayMs);
      }
      outcomes.inc({ channel, provider: failure.provider, outcome: 'failed' });
      await publishStatus(command, 'failed', {
        provider: failure.provider,
        error_code: failure.code ?? (exhausted ? 'attempts_exhausted' : 'provider_error'),
        error_message: failure.message,
      });
      log.warn(
        { message_id: command.message_id, provider: failure.provider, code: failure.code },
        'message failed',
      );
      return ack();
    }
  };

  return {
    port: () => boundPort,
    async start() {
      await ensureStreams(nats.jsm, undefined, config.NATS_STREAM_REPLICAS);
      await ensureConsumer(nats.jsm, {
        stream: Streams.dispatch.name,
        durable: deps.name,
        filterSubject: Subjects.dispatchAll(channel),
        maxDeliver: config.DISPATCH_MAX_DELIVER + 1,
        ackWaitMs: 60_000,
      });
      consumer = await startConsumer({
        js: nats.js,
        stream: Streams.dispatch.name,
        durable: deps.name,
        schema: DispatchCommandSchema,
        log,
        concurrency: config.DISPATCH_CONCURRENCY,
        keyOf: (command) => command.conversation_id,
        handle,
      });
      const address = await http.listen(deps.port, config.HOST);
      boundPort = address.port;
      log.info({ port: boundPort }, `${deps.name} ready`);
    },
    async stop() {
      http.drain();
      await consumer?.stop();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
    },
  };
}
