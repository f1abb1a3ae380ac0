import { ClientEvent, Streams, Subjects, conversationOfEvent } from '@switchboard/contracts';
import { isDatabaseUnavailable, newId, sql, type Db } from '@switchboard/db';
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

export interface EventFanoutDeps {
  nats: Nats;
  database: Db;
  log: Logger;
  concurrency: number;
  /** Told when deliveries were added, so they go out without waiting for the next poll. */
  onQueued: () => void;
}

/**
 * Turns each client event into one delivery row per enabled endpoint of its tenant that asked
 * for its type. No HTTP happens here: a slow endpoint cannot hold the stream back, and the
 * scheduler sends each endpoint's deliveries on their own. A conversation's events are taken
 * in stream order (keyed), so their deliveries are numbered in that order.
 */
export async function fanOut(database: Db, event: ClientEvent): Promise<number> {
  const endpoints = await database.db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('tenant_id', '=', event.tenant_id)
    .where(sql<boolean>`event_types && array['*', ${event.type}]::text[]`)
    .execute();
  if (endpoints.length === 0) return 0;
  const result = await database.db
    .insertInto('webhook_deliveries')
    .values(
      endpoints.map((endpoint) => ({
        id: newId(),
        endpoint_id: endpoint.id,
        tenant_id: event.tenant_id,
        event_id: event.id,
        event_type: event.type,
        conversation_id: conversationOfEvent(event),
        payload: JSON.stringify(event),
        status: 'pending' as const,
      })),
    )
    // The same event again (a redelivery) adds nothing.
    .onConflict((oc) => oc.constraint('webhook_deliveries_event_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export function createEventFanout(deps: EventFanoutDeps) {
  const { nats, database, log } = deps;
  let consumer: RunningConsumer | undefined;
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
          if ((await fanOut(database, event)) > 0) deps.onQueued();
          return ack();
        },
      });
    },
    async stop() {
      await consumer?.stop();
    },
  };
}
