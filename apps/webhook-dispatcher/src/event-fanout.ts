import { ClientEvent, Streams, Subjects, conversationOfEvent } from '@switchboard/contracts';
import { createGroupCommit, isDatabaseUnavailable, newId, type Db } from '@switchboard/db';
import {
  ack,
  ensureConsumer,
  startConsumer,
  UNLIMITED_DELIVERIES,
  type Nats,
  type RunningConsumer,
} from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';

export const FANOUT_CONSUMER = 'webhook-dispatcher';

/** Events fanned out by one read and one insert at most, and such groups in flight at once. */
const FANOUT_GROUP_MAX = 64;
const FANOUT_GROUPS = 2;

export interface EventFanoutDeps {
  nats: Nats;
  database: Db;
  log: Logger;
  concurrency: number;
  /** Told when deliveries were added, so they go out without waiting for the next poll. */
  onQueued: () => void;
}

/**
 * Turns client events into one delivery row per endpoint of their tenant that asked for their
 * type: one read of the tenants' endpoints and one insert for every event handled together
 * (`createGroupCommit`: the events consumed at once). No HTTP happens here: a slow endpoint
 * cannot hold the stream back, and the scheduler sends each endpoint's deliveries on their own.
 * A conversation's events are taken in stream order (keyed), one at a time, so their deliveries
 * are numbered in that order. Answers, per event, how many endpoints it went to.
 */
export async function fanOut(database: Db, events: readonly ClientEvent[]): Promise<number[]> {
  const tenants = [...new Set(events.map((e) => e.tenant_id))];
  const endpoints = await database.db
    .selectFrom('webhook_endpoints')
    .select(['id', 'tenant_id', 'event_types'])
    .where('tenant_id', 'in', tenants)
    .execute();
  const targets = events.map((event) =>
    endpoints.filter(
      (endpoint) =>
        endpoint.tenant_id === event.tenant_id &&
        (endpoint.event_types.includes('*') || endpoint.event_types.includes(event.type)),
    ),
  );
  const rows = events.flatMap((event, i) =>
    targets[i]!.map((endpoint) => ({
      id: newId(),
      endpoint_id: endpoint.id,
      tenant_id: event.tenant_id,
      event_id: event.id,
      event_type: event.type,
      conversation_id: conversationOfEvent(event),
      payload: JSON.stringify(event),
      status: 'pending' as const,
    })),
  );
  if (rows.length > 0) {
    await database.db
      .insertInto('webhook_deliveries')
      .values(rows)
      // The same event again (a redelivery) adds nothing.
      .onConflict((oc) => oc.constraint('webhook_deliveries_event_key').doNothing())
      .execute();
  }
  return targets.map((t) => t.length);
}

export function createEventFanout(deps: EventFanoutDeps) {
  const { nats, database, log } = deps;
  let consumer: RunningConsumer | undefined;
  const groups = createGroupCommit<ClientEvent, number>({
    maxItems: FANOUT_GROUP_MAX,
    maxGroups: FANOUT_GROUPS,
    run: (events) => fanOut(database, events),
  });
  return {
    async provision() {
      await ensureConsumer(nats.jsm, {
        stream: Streams.clientEvents.name,
        durable: FANOUT_CONSUMER,
        filterSubject: Subjects.clientEventsAll,
        maxDeliver: UNLIMITED_DELIVERIES,
      });
    },
    async start() {
      consumer = await startConsumer({
        js: nats.js,
        stream: Streams.clientEvents.name,
        durable: FANOUT_CONSUMER,
        schema: ClientEvent,
        log,
        concurrency: deps.concurrency,
        // Events about no conversation (an endpoint's) need no order among themselves.
        keyOf: (event) => conversationOfEvent(event) ?? event.id,
        correlate: (event) =>
          'message' in event.data ? { message_id: event.data.message.id } : {},
        pauseOnOutage: {
          isOutage: isDatabaseUnavailable,
          probe: () => database.ping(),
          probeIntervalMs: 1_000,
        },
        handle: async (event) => {
          if ((await groups.submit(event)) > 0) deps.onQueued();
          return ack();
        },
      });
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
