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

/**
 * Settings nats-server keeps for a stream's whole life: changing one means a new stream and
 * moving the data, which provisioning never does on its own.
 */
export const FIXED_STREAM_SETTINGS = ['storage', 'retention', 'max_consumers'] as const;

/** The settings `wanted` names whose value differs in `actual`, in `wanted`'s order. */
export function streamDrift(actual: Partial<StreamConfig>, wanted: StreamDefinition): string[] {
  return Object.entries(wanted)
    .filter(
      ([key, value]) => JSON.stringify(actual[key as keyof StreamConfig]) !== JSON.stringify(value),
    )
    .map(([key]) => key);
}

/**
 * A stream provisioning cannot bring to its wanted configuration safely: a setting fixed for the
 * stream's life, more replicas than servers, new replicas that do not catch up.
 */
export class StreamProvisioningError extends Error {
  override readonly name = 'StreamProvisioningError';
  constructor(
    readonly stream: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`stream ${stream}: ${message}`, options);
  }
}

/** What provisioning did to one stream. */
export interface StreamChange {
  stream: string;
  action: 'created' | 'updated' | 'unchanged';
  /** The settings it changed (for `updated`). */
  settings: string[];
}

export interface EnsureStreamsOptions {
  /**
   * How long to wait, after a stream gained replicas, for every replica to hold its data (the
   * new ones copy it from the leader); 60 s unless set, 0 not at all.
   */
  catchUpTimeoutMs?: number;
}

/** The server refused a stream's replicas: fewer JetStream servers than replicas, or no cluster. */
const isInsufficientResources = (err: unknown) => {
  const e = err as { api_error?: { err_code?: number }; message?: string };
  return (
    e?.api_error?.err_code === 10023 ||
    e?.api_error?.err_code === 10005 ||
    e?.api_error?.err_code === 10074 ||
    /insufficient resources|no suitable peers|not supported in non-clustered mode/i.test(
      e?.message ?? '',
    )
  );
};

/** Resolves once every replica of `name` is current with its leader. */
async function replicasCaughtUp(
  jsm: JetStreamManager,
  name: string,
  replicas: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { cluster } = await jsm.streams.info(name);
    const followers = cluster?.replicas ?? [];
    if (
      cluster?.leader &&
      followers.length === replicas - 1 &&
      followers.every((r) => r.current && !r.offline)
    ) {
      return;
    }
    if (Date.now() > deadline) {
      throw new StreamProvisioningError(
        name,
        `its ${replicas} replicas did not catch up within ${timeoutMs} ms (leader ${cluster?.leader ?? 'none'}, ` +
          `followers ${JSON.stringify(followers.map((r) => ({ name: r.name, current: r.current, offline: r.offline ?? false })))})`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Creates each stream, or updates it to the wanted config; safe to run from every replica.
 * A stream already as wanted is only read: the services, whose NATS users may read stream state
 * but not change it (NATS_PERMISSIONS), start against streams the admin user provisioned.
 *
 * Updates never lose data: a stream is never deleted or re-created; settings the wanted config
 * does not name (say an operator's `max_bytes`) are kept; a change the server cannot make in
 * place ({@link FIXED_STREAM_SETTINGS}) stops provisioning with the setting named. A change of
 * replicas is made on its own, after the other settings, and waits until the new replicas hold
 * the stream's data, so a node lost right after provisioning loses nothing.
 *
 * @example await ensureStreams(admin.jsm, undefined, config.NATS_STREAM_REPLICAS);
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  configs: readonly StreamDefinition[] = STREAM_CONFIGS,
  replicas = 1,
  options: EnsureStreamsOptions = {},
): Promise<StreamChange[]> {
  const catchUpTimeoutMs = options.catchUpTimeoutMs ?? 60_000;
  const changes: StreamChange[] = [];
  const tooFewServers = (name: string, err: unknown) =>
    new StreamProvisioningError(
      name,
      `${replicas} replicas (NATS_STREAM_REPLICAS) need a cluster of at least ${replicas} JetStream servers`,
      { cause: err },
    );
  for (const config of configs) {
    const wanted: StreamDefinition = { ...config, num_replicas: replicas };
    let current: Partial<StreamConfig>;
    try {
      current = (await jsm.streams.info(config.name)).config;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(wanted).catch((e: unknown) => {
        throw isInsufficientResources(e) ? tooFewServers(config.name, e) : e;
      });
      changes.push({ stream: config.name, action: 'created', settings: [] });
      continue;
    }
    const drift = streamDrift(current, wanted);
    if (drift.length === 0) {
      changes.push({ stream: config.name, action: 'unchanged', settings: [] });
      continue;
    }
    const fixed = drift.filter((key) => (FIXED_STREAM_SETTINGS as readonly string[]).includes(key));
    if (fixed.length) {
      throw new StreamProvisioningError(
        config.name,
        `${fixed.join(', ')} cannot change on an existing stream (it is ${fixed
          .map((k) => `${k}=${JSON.stringify(current[k as keyof StreamConfig])}`)
          .join(', ')}); move its data to a new stream by hand`,
      );
    }
    const { num_replicas: _replicas, ...settings } = wanted;
    if (drift.some((key) => key !== 'num_replicas')) {
      await jsm.streams.update(config.name, { ...settings, num_replicas: current.num_replicas });
    }
    if (drift.includes('num_replicas')) {
      await jsm.streams.update(config.name, { num_replicas: replicas }).catch((e: unknown) => {
        throw isInsufficientResources(e) ? tooFewServers(config.name, e) : e;
      });
      if (replicas > 1 && catchUpTimeoutMs > 0) {
        await replicasCaughtUp(jsm, config.name, replicas, catchUpTimeoutMs);
      }
    }
    changes.push({ stream: config.name, action: 'updated', settings: drift });
  }
  return changes;
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
