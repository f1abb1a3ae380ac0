import { randomUUID } from 'node:crypto';
import {
  DispatchCommand as DispatchCommandSchema,
  Streams,
  Subjects,
  type Channel,
  type ChannelSender,
  type HoldCheck,
} from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { createHttpService, type ReadinessCheck } from '@switchboard/http';
import {
  ensureConsumer,
  ensureStreams,
  startConsumer,
  type Nats,
  type RunningConsumer,
} from '@switchboard/messaging';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import type { DispatchChecks } from './dispatch-checks';
import type { DispatcherEnv } from './dispatcher-config';
import { createDispatchLedger } from './dispatch-ledger';
import { createDeliveryHandler } from './dispatch-admission';
import { createSettlements } from './dispatch-settlement';
import { createDispatcherMetrics } from './dispatcher-metrics';
import { ProviderChain } from './provider-chain';
import { createProviderHealthReporter } from './provider-health-reporter';
import { createProviderRounds, type ProviderRoundDeps } from './provider-round';
import { createSenderPacing, parsePacingRules } from './sender-pacing';
import { createStatusReporter } from './status-reporter';

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
  /** The channel's providers, in the configured order; the dispatcher closes them when it stops. */
  providers: readonly ChannelSender[];
  /** The sender and consent checks every round makes before its first provider is tried. */
  checks: DispatchChecks;
  /** Quiet hours (SMS): until when a message must wait before it is taken; absent, none. */
  hold?: HoldCheck;
  /** The media pipeline in front of the providers (channels with attachments). */
  attachments?: ProviderRoundDeps['attachments'];
  /** More readiness checks: what the channel cannot send without (clamd, object storage). */
  readiness?: Readonly<Record<string, ReadinessCheck>>;
}

/** JetStream's `max_deliver` for no limit. */
const UNLIMITED_DELIVERIES = -1;

/**
 * A dispatcher: consumes `dispatch.<channel>.*`, one message at a time per conversation and many
 * conversations at once. Each message goes through the ledger (never twice, in acceptance order
 * across replicas), then the provider chain (failover, circuit breakers), with retries held in
 * place so a conversation's order survives them; status events report every step.
 * This is where its parts are put together: admission (`dispatch-admission`), the provider
 * rounds (`provider-round`), lease renewal (`lease-keeper`), settlement and dead letters
 * (`dispatch-settlement`), status events (`status-reporter`) and metrics (`dispatcher-metrics`).
 */
export function createDispatcherService(
  deps: DispatcherDeps,
): Service & { port(): number; chain: ProviderChain } {
  const { config, log, nats, channel } = deps;
  let boundPort = 0;
  let consumer: RunningConsumer | undefined;
  const pacing = createSenderPacing(deps.database.db, parsePacingRules(config.SENDER_RATE_LIMITS));
  const instance = `${deps.name}:${randomUUID()}`;
  const ledger = createDispatchLedger(
    deps.database.db,
    instance,
    config.DISPATCH_LEASE_MS,
    config.DISPATCH_GROUP_MAX,
  );
  const metrics = createDispatcherMetrics({
    metrics: deps.metrics,
    log,
    channel,
    providers: deps.providers.map((p) => p.name),
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
      ...metrics.chainObserver,
      onCircuit(provider, state) {
        metrics.chainObserver.onCircuit?.(provider, state);
        healthReporter.reportSoon();
      },
    },
  );
  // What this replica knows of its providers, for the gateway's `GET /api/v1/providers/health`.
  const healthReporter = createProviderHealthReporter({
    nc: nats.nc,
    channel,
    instance,
    intervalMs: config.PROVIDER_HEALTH_INTERVAL_MS,
    health: () => chain.health(),
    log,
  });
  const status = createStatusReporter({ js: nats.publisher, partitions: config.PARTITIONS });
  const settle = createSettlements({ ledger, status, metrics, js: nats.js, channel, log });
  const send = createProviderRounds({
    config,
    log,
    ledger,
    pacing,
    chain,
    status,
    settle,
    metrics,
    checks: deps.checks,
    attachments: deps.attachments,
  });
  const handle = createDeliveryHandler({
    config,
    log,
    channel,
    js: nats.js,
    ledger,
    pacing,
    status,
    metrics,
    send,
    ...(deps.hold ? { hold: deps.hold } : {}),
  });

  const http = createHttpService({
    log,
    metrics: deps.metrics,
    checks: { nats: () => nats.ping(), postgres: () => deps.database.ping(), ...deps.readiness },
    routes: (app) => {
      // Which provider the next send tries first, and each circuit: for operators and tests.
      app.get('/providers', (_req, res) => {
        res.json({ order: chain.order(), circuits: chain.circuits(), health: chain.health() });
      });
    },
  });

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
      healthReporter.start();
      log.info({ port: boundPort, providers: chain.order() }, `${deps.name} ready`);
    },
    async stop() {
      healthReporter.stop();
      http.drain();
      await consumer?.stop();
      chain.shutdown();
      for (const provider of deps.providers) await provider.close?.();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      await deps.database.close();
    },
  };
}
