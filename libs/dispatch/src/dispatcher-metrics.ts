import type { Channel } from '@switchboard/contracts';
import {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  type Logger,
  type ServiceMetrics,
} from '@switchboard/observability';
import type { ChainObserver } from './provider-chain';

const CIRCUIT_STATES = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * A dispatcher's metrics: what became of each message, and how its providers answer (latency,
 * errors, failovers, circuits). `chainObserver` feeds the provider metrics from the chain.
 */
export function createDispatcherMetrics(input: {
  metrics: ServiceMetrics;
  log: Logger;
  channel: Channel;
  /** The channel's providers: each circuit starts closed. */
  providers: readonly string[];
}) {
  const { metrics, log, channel } = input;
  const outcomes = new Counter({
    name: 'dispatch_outcomes_total',
    help: 'Messages settled by the dispatcher, by channel, provider and outcome (sent, failed, dead_lettered, duplicate, refused, lease_lost, held)',
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
  const checksUnavailable = new Counter({
    name: 'dispatch_checks_unavailable_total',
    help: 'Deliveries handed back because the sender and consent checks could not reach the database',
    labelNames: ['channel'],
    registers: [metrics.registry],
  });
  for (const provider of input.providers) circuit.set({ provider }, 0);

  const chainObserver: ChainObserver = {
    onCall: (provider, outcome, seconds) => {
      providerCalls.observe({ provider, outcome }, seconds);
      if (outcome !== 'sent') providerErrors.inc({ provider, error_class: outcome });
    },
    onCircuit: (provider, state) => {
      circuit.set({ provider }, CIRCUIT_STATES[state]);
      log.warn({ provider, state }, 'provider circuit changed');
    },
    onFailover: (from, to) => failovers.inc({ channel, from, to }),
  };

  return {
    chainObserver,
    /** A message settled (or refused) with this outcome, by the provider that had it. */
    outcome: (provider: string | null | undefined, outcome: string) =>
      outcomes.inc({ channel, provider: provider ?? 'none', outcome }),
    /** A delivery handed back to wait for an earlier message of its conversation. */
    orderWait: () => waits.inc({ channel }),
    /** A delivery handed back because the sender and consent checks could not be answered. */
    checkUnavailable: () => checksUnavailable.inc({ channel }),
  };
}
export type DispatcherMetrics = ReturnType<typeof createDispatcherMetrics>;
