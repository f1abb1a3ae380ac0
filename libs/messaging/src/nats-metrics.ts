import type { Status } from '@nats-io/transport-node';
import { Streams } from '@switchboard/contracts';
import { Counter, Gauge, type Registry } from '@switchboard/observability';
import type { Nats } from './connection';
import { DeliveryOutcomes, consumedThrough, type ConsumerStats } from './consumer-stats';

/** JetStream answers slower than this are left out of the scrape rather than holding it up. */
const JETSTREAM_INFO_TIMEOUT_MS = 1_000;
/** Concurrent scrapes share one round of JetStream look-ups. */
const SNAPSHOT_TTL_MS = 1_000;

const MAX_DELIVERIES_ADVISORY = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>';

interface ConsumerSnapshot {
  stream: string;
  consumer: string;
  pending: number;
  ackPending: number;
  redelivered: number;
}
interface Snapshot {
  consumers: ConsumerSnapshot[];
  streams: { stream: string; messages: number }[];
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface ObserveNatsOptions {
  /** Streams reported when they exist, beside the streams of the consumers; the dead-letter stream by default. */
  streams?: readonly string[];
}

/**
 * Reports the NATS connection and the JetStream consumers this service consumes through `nats`:
 *
 * - `nats_connected`, `nats_reconnects_total`, `nats_permission_violations_total{operation}` (what
 *   the server refused this service's user);
 * - on each scrape, from the server: `jetstream_consumer_pending_messages`,
 *   `jetstream_consumer_ack_pending_messages`, `jetstream_consumer_redelivered_messages`
 *   `{stream, consumer}` and `jetstream_stream_messages{stream}` (the dead-letter stream only
 *   once it exists);
 * - from this process: `jetstream_deliveries_total{stream, consumer, outcome}`,
 *   `jetstream_redeliveries_total`, `jetstream_consumer_paused{stream, consumer}` (waiting for a
 *   dependency, see `pauseOnOutage`), and `jetstream_max_deliveries_total` (the server's advisory
 *   that a message ran out of attempts, counted once per service).
 *
 * @example observeNats(nats, metrics.registry);
 */
export function observeNats(
  nats: Nats,
  registry: Registry,
  options: ObserveNatsOptions = {},
): void {
  const { nc, jsm, js } = nats;
  const extraStreams = options.streams ?? [Streams.deadLetter.name];
  let connected = !nc.isClosed();
  let cached: { at: number; snapshot: Promise<Snapshot> } | undefined;

  const reconnects = new Counter({
    name: 'nats_reconnects_total',
    help: 'Times the NATS connection was re-established',
    registers: [registry],
  });
  new Gauge({
    name: 'nats_connected',
    help: 'Whether the NATS connection is up (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(connected && !nc.isClosed() ? 1 : 0);
    },
  });
  const violations = new Counter({
    name: 'nats_permission_violations_total',
    help: 'Publishes and subscriptions the NATS server refused this service (its permissions)',
    labelNames: ['operation'],
    registers: [registry],
  });
  void (async () => {
    for await (const status of nc.status() as AsyncIterable<Status>) {
      // A service asking for more than its permissions grant (docs/SECURITY.md, "NATS"): it
      // fails quietly otherwise, e.g. a subscription that never receives anything.
      if (status.type === 'error' && status.error.name === 'PermissionViolationError') {
        const { operation } = status.error as Error & { operation?: string };
        violations.inc({ operation: operation ?? 'unknown' });
      }
      if (status.type === 'disconnect' || status.type === 'close') connected = false;
      if (status.type === 'reconnect') {
        connected = true;
        reconnects.inc();
      }
    }
  })().catch(() => undefined);

  const maxDeliveries = new Counter({
    name: 'jetstream_max_deliveries_total',
    help: 'Messages a consumer gave up on after its last delivery attempt (server advisory)',
    labelNames: ['stream', 'consumer'],
    registers: [registry],
  });
  // One queue group per service, so each advisory is counted once however many replicas run.
  nc.subscribe(MAX_DELIVERIES_ADVISORY, {
    queue: `${nats.name}.observability`,
    callback: (err, msg) => {
      if (err) return;
      const [stream, consumer] = msg.subject.split('.').slice(-2);
      if (consumedThrough(js).some((c) => c.stream === stream && c.durable === consumer)) {
        maxDeliveries.inc({ stream: stream!, consumer: consumer! });
      }
    },
  });

  const consumerInfo = async (c: ConsumerStats): Promise<ConsumerSnapshot[]> => {
    try {
      const info = await within(jsm.consumers.info(c.stream, c.durable), JETSTREAM_INFO_TIMEOUT_MS);
      return [
        {
          stream: c.stream,
          consumer: c.durable,
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          redelivered: info.num_redelivered,
        },
      ];
    } catch {
      return [];
    }
  };
  const streamInfo = async (stream: string) => {
    try {
      const info = await within(jsm.streams.info(stream), JETSTREAM_INFO_TIMEOUT_MS);
      return [{ stream, messages: info.state.messages }];
    } catch {
      // Not there (yet), or the server is not answering: no sample rather than a wrong one.
      return [];
    }
  };
  const snapshot = (): Promise<Snapshot> => {
    if (cached && Date.now() - cached.at < SNAPSHOT_TTL_MS) return cached.snapshot;
    const consumers = consumedThrough(js);
    const streams = [...new Set([...consumers.map((c) => c.stream), ...extraStreams])];
    const fresh =
      consumers.length === 0 || nc.isClosed()
        ? Promise.resolve({ consumers: [], streams: [] })
        : Promise.all([
            Promise.all(consumers.map(consumerInfo)),
            Promise.all(streams.map(streamInfo)),
          ]).then(([c, s]) => ({ consumers: c.flat(), streams: s.flat() }));
    cached = { at: Date.now(), snapshot: fresh };
    return fresh;
  };

  const consumerGauge = (name: string, help: string, pick: (c: ConsumerSnapshot) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['stream', 'consumer'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of (await snapshot()).consumers) {
          this.set({ stream: c.stream, consumer: c.consumer }, pick(c));
        }
      },
    });
  consumerGauge(
    'jetstream_consumer_pending_messages',
    'Messages in the stream not yet delivered to the consumer (its backlog)',
    (c) => c.pending,
  );
  consumerGauge(
    'jetstream_consumer_ack_pending_messages',
    'Messages delivered to the consumer and not yet acknowledged',
    (c) => c.ackPending,
  );
  consumerGauge(
    'jetstream_consumer_redelivered_messages',
    'Messages delivered more than once and not yet acknowledged',
    (c) => c.redelivered,
  );
  new Gauge({
    name: 'jetstream_stream_messages',
    help: 'Messages stored in a stream',
    labelNames: ['stream'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await snapshot()).streams) this.set({ stream: s.stream }, s.messages);
    },
  });

  // Counted in this process as deliveries are settled (see startConsumer).
  new Counter({
    name: 'jetstream_deliveries_total',
    help: 'Deliveries handled by this service, by how they were settled (ack, nak, term, error)',
    labelNames: ['stream', 'consumer', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of consumedThrough(js)) {
        for (const outcome of DeliveryOutcomes) {
          this.inc({ stream: c.stream, consumer: c.durable, outcome }, c.outcomes[outcome]);
        }
      }
    },
  });
  new Gauge({
    name: 'jetstream_consumer_paused',
    help: '1 while this service has stopped consuming because a dependency it needs is down',
    labelNames: ['stream', 'consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of consumedThrough(js)) {
        this.set({ stream: c.stream, consumer: c.durable }, c.paused ? 1 : 0);
      }
    },
  });
  new Counter({
    name: 'jetstream_redeliveries_total',
    help: 'Deliveries after the first, handled by this service',
    labelNames: ['stream', 'consumer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of consumedThrough(js)) {
        this.inc({ stream: c.stream, consumer: c.durable }, c.redelivered);
      }
    },
  });
}
