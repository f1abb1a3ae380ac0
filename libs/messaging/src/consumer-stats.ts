import type { JetStreamClient } from '@nats-io/jetstream';

/** How a consumer's deliveries ended, as this process handled them. */
export const DeliveryOutcomes = ['ack', 'nak', 'term', 'error'] as const;
export type DeliveryOutcome = (typeof DeliveryOutcomes)[number];

/** Counts one consumer's deliveries in this process; read by `observeNats` on each scrape. */
export interface ConsumerStats {
  readonly stream: string;
  readonly durable: string;
  /** Deliveries after the first (`deliveryCount > 1`). */
  redelivered: number;
  outcomes: Record<DeliveryOutcome, number>;
  /** True while the consumer waits for a dependency to come back (see `pauseOnOutage`). */
  paused: boolean;
}

// Keyed by the client, so each connection (each service, each test) counts its own consumers.
const byClient = new WeakMap<JetStreamClient, Map<string, ConsumerStats>>();

/** The stats of `stream`/`durable` consumed through `js`, registered on first use. */
export function consumerStats(js: JetStreamClient, stream: string, durable: string): ConsumerStats {
  let consumers = byClient.get(js);
  if (!consumers) byClient.set(js, (consumers = new Map()));
  const key = `${stream}/${durable}`;
  let stats = consumers.get(key);
  if (!stats) {
    stats = {
      stream,
      durable,
      redelivered: 0,
      outcomes: { ack: 0, nak: 0, term: 0, error: 0 },
      paused: false,
    };
    consumers.set(key, stats);
  }
  return stats;
}

/** Every consumer this client has consumed from. */
export function consumedThrough(js: JetStreamClient): readonly ConsumerStats[] {
  return [...(byClient.get(js)?.values() ?? [])];
}
