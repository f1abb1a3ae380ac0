import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Streams } from '@switchboard/contracts';

const NANOS_PER_MS = 1_000_000;
const DAY_MS = 86_400_000;

/** How long the server remembers a `Nats-Msg-Id` to drop re-publishes as duplicates. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

type StreamDefinition = Partial<StreamConfig> & { name: string };

export const STREAM_CONFIGS: readonly StreamDefinition[] = [
  {
    name: Streams.dispatch.name,
    subjects: [...Streams.dispatch.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: 7 * DAY_MS * NANOS_PER_MS,
    duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
    num_replicas: 1,
  },
  {
    name: Streams.events.name,
    subjects: [...Streams.events.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: 7 * DAY_MS * NANOS_PER_MS,
    duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
    num_replicas: 1,
  },
  {
    name: Streams.deadLetter.name,
    subjects: [...Streams.deadLetter.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: 30 * DAY_MS * NANOS_PER_MS,
    duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
    num_replicas: 1,
  },
  {
    // Client events: kept a week, the history webhook replays and stream resumes read from.
    name: Streams.clientEvents.name,
    subjects: [...Streams.clientEvents.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: 7 * DAY_MS * NANOS_PER_MS,
    duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS,
    num_replicas: 1,
  },
];

function isNotFound(err: unknown): boolean {
  const e = err as { code?: number | string; api_error?: { err_code?: number }; message?: string };
  return (
    e?.api_error?.err_code === 10059 ||
    e?.api_error?.err_code === 10014 ||
    /not found/i.test(e?.message ?? '')
  );
}

/** True when every setting `wanted` names has that value in `actual`. */
function matches(actual: Partial<StreamConfig>, wanted: StreamDefinition): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => JSON.stringify(actual[key as keyof StreamConfig]) === JSON.stringify(value),
  );
}

/**
 * Creates each stream, or updates it to the wanted config; safe to run from every replica.
 * A stream already as wanted is only read: the services, whose NATS users may read stream state
 * but not change it (NATS_PERMISSIONS), start against streams the admin user provisioned.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  configs: readonly StreamDefinition[] = STREAM_CONFIGS,
  replicas = 1,
): Promise<void> {
  for (const config of configs) {
    const wanted = { ...config, num_replicas: replicas };
    let current: Partial<StreamConfig>;
    try {
      current = (await jsm.streams.info(config.name)).config;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(wanted);
      continue;
    }
    if (!matches(current, wanted)) await jsm.streams.update(config.name, wanted);
  }
}

/** `maxDeliver` of a consumer whose messages must never be given up: redelivered until handled. */
export const UNLIMITED_DELIVERIES = -1;

export interface DurableConsumerOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  ackWaitMs?: number;
  /** Deliveries before the server gives a message up (10 unless set); {@link UNLIMITED_DELIVERIES} never. */
  maxDeliver?: number;
  maxAckPending?: number;
  /** Redelivery delays (ms) by attempt; the last repeats. */
  backoffMs?: readonly number[];
}

/** Creates or updates a durable pull consumer with explicit acks. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  options: DurableConsumerOptions,
): Promise<void> {
  const config: Partial<ConsumerConfig> = {
    durable_name: options.durable,
    filter_subject: options.filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: (options.ackWaitMs ?? 30_000) * NANOS_PER_MS,
    max_deliver: options.maxDeliver ?? 10,
    max_ack_pending: options.maxAckPending ?? 2_000,
    ...(options.backoffMs?.length
      ? { backoff: options.backoffMs.map((ms) => ms * NANOS_PER_MS) }
      : {}),
  };
  try {
    await jsm.consumers.info(options.stream, options.durable);
    await jsm.consumers.update(options.stream, options.durable, config);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(options.stream, config);
  }
}
