import { randomUUID } from 'node:crypto';
import {
  DispatchCommand as DispatchCommandSchema,
  StatusEvent,
  Streams,
  Subjects,
  partitionOf,
  type Channel,
  type DispatchCommand,
  type MessageStatus,
} from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import {
  ack,
  encodeJson,
  ensureConsumer,
  ensureStreams,
  nak,
  publishEvent,
  startConsumer,
  term,
  type DeliveryContext,
  type Nats,
  type RunningConsumer,
  type Settlement,
} from '@switchboard/messaging';
import {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  type Logger,
  type Service,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { DispatcherEnv } from './dispatcher-config';
import { createDispatchLedger, type LedgerEntry } from './dispatch-ledger';
import { createSenderPacing, parsePacingRules } from './sender-pacing';
import { ProviderChain, type DispatchProvider } from './provider-chain';

export interface DispatcherDeps {
  /** `sms-dispatcher`, `email-dispatcher`: the durable consumer's name too. */
  name: string;
  channel: Channel;
  port: number;
  config: DispatcherEnv;
  log: Logger;
  metrics: ServiceMetrics;
  nats: Nats;
  database: Db;
  /** The channel's providers, in the configured order. */
  providers: readonly DispatchProvider[];
}

const CIRCUIT_STATES = { closed: 0, half_open: 1, open: 2 } as const;
/** Lease renewals per lease period while a delivery works on a message. */
const LEASE_RENEWALS = 3;
/** JetStream's `max_deliver` for no limit. */
const UNLIMITED_DELIVERIES = -1;

/**
 * Exponential backoff with full jitter between the base and the cap; a provider's Retry-After
 * when longer, but never more than `retryAfterMaxMs`: the provider does not decide how long a
 * message (and every later one of its conversation) waits.
 */
export function backoffMs(
  round: number,
  base: number,
  cap: number,
  retryAfterMs = 0,
  retryAfterMaxMs = Infinity,
): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, round - 1));
  const asked = Number.isNaN(retryAfterMs) ? 0 : Math.min(retryAfterMs, retryAfterMaxMs);
  return Math.max(asked, ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * A dispatcher: consumes `dispatch.<channel>.*`, one message at a time per conversation and many
 * conversations at once. Each message goes through the ledger (never twice, in acceptance order
 * across replicas), then the provider chain (failover, circuit breakers), with retries held in
 * place so a conversation's order survives them; status events report every step.
 */
export function createDispatcherService(
  deps: DispatcherDeps,
): Service & { port(): number; chain: ProviderChain } {
  const { config, log, metrics, nats, channel } = deps;
  let boundPort = 0;
  let consumer: RunningConsumer | undefined;
  const pacing = createSenderPacing(deps.database.db, parsePacingRules(config.SENDER_RATE_LIMITS));
  const ledger = createDispatchLedger(
    deps.database.db,
    `${deps.name}:${randomUUID()}`,
    config.DISPATCH_LEASE_MS,
    config.DISPATCH_GROUP_MAX,
  );

  const outcomes = new Counter({
    name: 'dispatch_outcomes_total',
    help: 'Messages settled by the dispatcher, by channel, provider and outcome (sent, failed, dead_lettered, duplicate, refused, lease_lost)',
    labelNames: ['channel', 'provider', 'outcome'],
    registers: [metrics.registry],
  });
  const providerCalls = new Histogram({
    name: 'provider_request_duration_seconds',
    help: 'Provider call latency by provider and outcome (sent, retryable, permanent, rejected by an open circuit)',
    labelNames: ['provider', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [metrics.registry],
  });
  const providerErrors = new Counter({
    name: 'provider_errors_total',
    help: 'Provider call failures by provider and error class (retryable, permanent, rejected)',
    labelNames: ['provider', 'error_class'],
    registers: [metrics.registry],
  });
  const failovers = new Counter({
    name: 'provider_failovers_total',
    help: 'Sends moved from one provider to the next after a retryable failure',
    labelNames: ['channel', 'from', 'to'],
    registers: [metrics.registry],
  });
  const circuit = new Gauge({
    name: 'provider_circuit_state',
    help: 'Circuit breaker state per provider: 0 closed, 1 half-open, 2 open',
    labelNames: ['provider'],
    registers: [metrics.registry],
  });
  const waits = new Counter({
    name: 'dispatch_order_waits_total',
    help: 'Deliveries handed back because an earlier message of the conversation was not settled yet',
    labelNames: ['channel'],
    registers: [metrics.registry],
  });

  const chain = new ProviderChain(
    deps.providers,
    {
      errorThresholdPercentage: config.CIRCUIT_ERROR_PERCENT,
      resetTimeoutMs: config.CIRCUIT_RESET_MS,
      slowCallMs: config.PROVIDER_SLOW_MS,
      demoteForMs: config.PROVIDER_DEMOTE_MS,
    },
    {
      onCall: (provider, outcome, seconds) => {
        providerCalls.observe({ provider, outcome }, seconds);
        if (outcome !== 'sent') providerErrors.inc({ provider, error_class: outcome });
      },
      onCircuit: (provider, state) => {
        circuit.set({ provider }, CIRCUIT_STATES[state]);
        log.warn({ provider, state }, 'provider circuit changed');
      },
      onFailover: (from, to) => failovers.inc({ channel, from, to }),
    },
  );
  for (const p of deps.providers) circuit.set({ provider: p.name }, 0);

  const http = createHttpService({
    log,
    metrics,
    checks: { nats: () => nats.ping(), postgres: () => deps.database.ping() },
    routes: (app) => {
      // Which provider the next send tries first, and each circuit: for operators and tests.
      app.get('/providers', (_req, res) => {
        res.json({ order: chain.order(), circuits: chain.circuits() });
      });
    },
  });

  const eventId = (command: DispatchCommand, step: string) =>
    command.generation === 0
      ? `${command.message_id}:${step}`
      : `${command.message_id}:g${command.generation}:${step}`;

  const publishStatus = (
    command: DispatchCommand,
    status: MessageStatus,
    fields: Partial<
      Pick<StatusEvent, 'provider' | 'provider_message_id' | 'error_code' | 'error_message'>
    > = {},
  ) =>
    publishEvent(
      nats.js,
      StatusEvent,
      Subjects.status(partitionOf(command.conversation_id, config.PARTITIONS)),
      {
        event_id: eventId(command, status),
        message_id: command.message_id,
        provider: fields.provider ?? null,
        provider_message_id: fields.provider_message_id ?? null,
        status,
        error_code: fields.error_code ?? null,
        error_message: fields.error_message ?? null,
        occurred_at: new Date().toISOString(),
        source: 'dispatcher',
        generation: command.generation,
      },
      { msgId: eventId(command, status) },
    );

  /** Says again what the ledger recorded for a settled message; sends nothing. */
  const reportRecorded = async (command: DispatchCommand, entry: LedgerEntry) => {
    if (entry.state === 'sent') {
      await publishStatus(command, 'sent', {
        provider: entry.provider,
        provider_message_id: entry.providerMessageId,
      });
    } else {
      await publishStatus(command, 'failed', {
        provider: entry.provider,
        error_message: entry.lastError,
      });
    }
  };

  /**
   * When a settlement did not apply, another delivery took the message over or settled it:
   * its recorded outcome is reported if there is one, and nothing is overwritten.
   */
  const settlementRefused = async (command: DispatchCommand, attempted: string) => {
    const entry = await ledger.entry(command.message_id);
    const settled =
      entry !== undefined &&
      entry.generation === command.generation &&
      (entry.state === 'sent' || entry.state === 'failed');
    if (settled) await reportRecorded(command, entry);
    outcomes.inc({ channel, provider: entry?.provider ?? 'none', outcome: 'lease_lost' });
    log.error(
      { message_id: command.message_id, attempted, recorded: entry?.state },
      'the outcome was not recorded: another delivery holds or settled the message',
    );
  };

  /** Settles the message failed (only while this delivery holds it); false if that did not apply. */
  const settleFailed = async (
    command: DispatchCommand,
    failure: { provider: string | null; code: string | null; message: string },
    outcome: string,
  ): Promise<boolean> => {
    const recorded = await ledger.settle(command, {
      state: 'failed',
      error: `${failure.code ?? ''} ${failure.message}`.trim(),
      provider: failure.provider,
    });
    if (!recorded) {
      await settlementRefused(command, 'failed');
      return false;
    }
    await publishStatus(command, 'failed', {
      provider: failure.provider,
      error_code: failure.code ?? 'provider_error',
      error_message: failure.message,
    });
    outcomes.inc({ channel, provider: failure.provider ?? 'none', outcome });
    log.warn(
      { message_id: command.message_id, provider: failure.provider, code: failure.code, outcome },
      'message failed',
    );
    return true;
  };

  /** Gives a held message up: failed in the ledger first, then its command to the dead letters. */
  const deadLetter = async (
    command: DispatchCommand,
    failure: { provider: string | null; code: string; message: string },
    reason: string,
  ) => {
    if (!(await settleFailed(command, failure, 'dead_lettered'))) return;
    await nats.js.publish(
      Subjects.deadLetter(channel),
      encodeJson({ command, reason, at: new Date().toISOString() }),
      { msgID: eventId(command, 'deadletter') },
    );
  };

  /**
   * Keeps the delivery's ack deadline and the message's lease alive on a timer while this
   * delivery works on it (provider calls included, however long they take), so no other
   * replica takes a message over from a live owner. `lost()` turns true once a renewal found
   * the lease gone.
   */
  const keepLease = (command: DispatchCommand, ctx: DeliveryContext) => {
    let lost = false;
    const timer = setInterval(
      () => {
        ctx.working();
        ledger.renew(command.message_id).then(
          (held) => {
            if (!held) lost = true;
          },
          (err: unknown) =>
            log.warn({ err, message_id: command.message_id }, 'lease renewal failed'),
        );
      },
      Math.max(50, Math.floor(config.DISPATCH_LEASE_MS / LEASE_RENEWALS)),
    );
    return { lost: () => lost, stop: () => clearInterval(timer) };
  };

  /** Waits in short steps; false if the consumer is stopping or the lease was lost meanwhile. */
  const hold = async (ms: number, lease: { lost(): boolean }, ctx: DeliveryContext) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (ctx.stopping() || lease.lost()) return false;
      await new Promise((r) => setTimeout(r, Math.min(200, until - Date.now())));
    }
    return !lease.lost();
  };

  /** After a crash mid-call: ask the providers whether the message went out before sending it again. */
  const reconcile = async (command: DispatchCommand, since: Date) => {
    for (const provider of chain.providers) {
      if (!provider.findSent) continue;
      const candidates = await provider
        .findSent(command, new Date(since.getTime() - 60_000))
        .catch(() => []);
      const claimed = await ledger.claimedProviderIds(
        provider.name,
        candidates.map((c) => c.providerMessageId),
      );
      const ours = candidates.find((c) => !claimed.has(c.providerMessageId));
      if (ours) return ours;
    }
    return undefined;
  };

  const handle = async (command: DispatchCommand, ctx: DeliveryContext): Promise<Settlement> => {
    // An unpaced message goes to a provider straight after admission: one round trip marks it.
    const paced = pacing.paces(command.from);
    const admission = await ledger.admit(command, { attempt: !paced });
    if (admission.kind === 'unknown') {
      // Not a message conversation-service stored: never sent, never recorded.
      const reason = 'no such outbound message';
      await nats.js.publish(
        Subjects.deadLetter(channel),
        encodeJson({ command, reason, at: new Date().toISOString() }),
        { msgID: eventId(command, 'deadletter') },
      );
      outcomes.inc({ channel, provider: 'none', outcome: 'refused' });
      log.warn({ message_id: command.message_id }, 'dispatch command refused: no such message');
      return term(reason);
    }
    if (admission.kind === 'superseded') {
      outcomes.inc({ channel, provider: 'none', outcome: 'duplicate' });
      return ack();
    }
    if (admission.kind === 'wait') {
      // Neither JetStream's delivery count nor the ledger's budget is spent by a wait.
      waits.inc({ channel });
      return nak(config.DISPATCH_ORDER_WAIT_MS);
    }
    if (admission.kind === 'settled') {
      // Already handed to a provider (or given up): say so again, send nothing.
      await reportRecorded(command, admission.entry);
      outcomes.inc({ channel, provider: admission.entry.provider ?? 'none', outcome: 'duplicate' });
      return ack();
    }

    const lease = keepLease(command, ctx);
    try {
      return await send(command, ctx, paced, admission, lease);
    } finally {
      lease.stop();
    }
  };

  /** A message whose lease this delivery holds: to the providers, until it is settled. */
  const send = async (
    command: DispatchCommand,
    ctx: DeliveryContext,
    paced: boolean,
    admission: Extract<Awaited<ReturnType<typeof ledger.admit>>, { kind: 'proceed' }>,
    lease: { lost(): boolean },
  ): Promise<Settlement> => {
    /** The lease went to another delivery: it carries on; this one hands its copy back. */
    const handBack = () => nak(config.DISPATCH_ORDER_WAIT_MS);

    if (admission.entry?.state === 'attempting' && admission.entry.attemptStartedAt) {
      const found = await reconcile(command, admission.entry.attemptStartedAt);
      if (found) {
        if (!(await ledger.settle(command, { state: 'sent', result: found }))) {
          await settlementRefused(command, 'sent');
          return ack();
        }
        await publishStatus(command, 'sent', {
          provider: found.provider,
          provider_message_id: found.providerMessageId,
        });
        outcomes.inc({ channel, provider: found.provider, outcome: 'sent' });
        log.info(
          { message_id: command.message_id, provider: found.provider },
          'message found already sent after an interrupted attempt',
        );
        return ack();
      }
    }

    if (admission.deliveries >= config.DISPATCH_MAX_DELIVER) {
      // Poison: this many deliveries held the message and none settled it.
      await deadLetter(
        command,
        {
          provider: null,
          code: 'max_deliveries',
          message: 'Delivered too many times without settling',
        },
        'delivered too many times',
      );
      return ack();
    }

    if (paced) {
      const waitMs = await pacing.reserve(command.from);
      if (waitMs > 0 && !(await hold(waitMs, lease, ctx))) {
        await ledger.release(command.message_id);
        return nak(0);
      }
    }
    await publishStatus(command, 'sending');
    for (let round = 1; ; round += 1) {
      if ((paced || round > 1) && !(await ledger.attempting(command.message_id))) {
        return handBack();
      }
      const outcome = await chain.send(command);
      if (outcome.kind === 'sent') {
        if (!(await ledger.settle(command, { state: 'sent', result: outcome.result }))) {
          await settlementRefused(command, 'sent');
          return ack();
        }
        await publishStatus(command, 'sent', {
          provider: outcome.result.provider,
          provider_message_id: outcome.result.providerMessageId,
        });
        outcomes.inc({ channel, provider: outcome.result.provider, outcome: 'sent' });
        log.info(
          {
            message_id: command.message_id,
            provider: outcome.result.provider,
            provider_message_id: outcome.result.providerMessageId,
            failovers: outcome.failovers,
          },
          'message sent',
        );
        return ack();
      }
      if (outcome.kind === 'permanent') {
        await settleFailed(command, outcome.failure, 'failed');
        return ack();
      }
      const last = outcome.failures[outcome.failures.length - 1]!;
      if (!(await ledger.pending(command.message_id, `${last.code ?? ''} ${last.message}`))) {
        return handBack();
      }
      if (round >= config.DISPATCH_MAX_ATTEMPTS) {
        await deadLetter(
          command,
          {
            provider: last.provider,
            code: 'attempts_exhausted',
            message: `Every provider failed ${round} times; last: ${last.message}`,
          },
          'attempts exhausted',
        );
        return ack();
      }
      const delay = backoffMs(
        round,
        config.DISPATCH_RETRY_BASE_MS,
        config.DISPATCH_RETRY_MAX_MS,
        outcome.retryAfterMs,
        config.DISPATCH_RETRY_AFTER_MAX_MS,
      );
      log.warn(
        {
          message_id: command.message_id,
          round,
          delayMs: Math.round(delay),
          providers: outcome.failures.map((f) => f.provider),
        },
        'every provider failed; will retry',
      );
      if (!(await hold(delay, lease, ctx))) {
        await ledger.release(command.message_id);
        return lease.lost() ? handBack() : nak(0);
      }
    }
  };

  return {
    chain,
    port: () => boundPort,
    async start() {
      await ensureStreams(nats.jsm, undefined, config.NATS_STREAM_REPLICAS);
      await ensureConsumer(nats.jsm, {
        stream: Streams.dispatch.name,
        durable: deps.name,
        filterSubject: Subjects.dispatchAll(channel),
        // Unlimited: an order wait is a redelivery too, and must not use up a budget. The
        // give-up budget is the ledger's count of deliveries that held the lease.
        maxDeliver: UNLIMITED_DELIVERIES,
        ackWaitMs: config.DISPATCH_LEASE_MS,
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
      log.info({ port: boundPort, providers: chain.order() }, `${deps.name} ready`);
    },
    async stop() {
      http.drain();
      await consumer?.stop();
      chain.shutdown();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      await deps.database.close();
    },
  };
}
