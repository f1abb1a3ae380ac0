import { StatusEvent, type MessageStatus } from '@switchboard/contracts';
import { MESSAGE_COLUMNS } from '@switchboard/conversation-queries';
import { sql, type Database, type Transaction } from '@switchboard/db';
import { providerKey, type TrackedMessage } from './tracked-message';

/** The messages a group of status events is about, locked, and the events they have recorded. */
export interface LockedGroup {
  byId: Map<string, TrackedMessage>;
  byProviderId: Map<string, TrackedMessage>;
  /** Event ids already recorded (redeliveries): each is applied once. */
  seen: Set<string>;
}

/**
 * Matches a group's events to their messages — by our id, or by the provider's id for callbacks
 * that know only that — and locks every one of them in one order (no deadlock between groups),
 * reading with the lock which of the group's events each has recorded already. Undefined when
 * no event names a message at all.
 */
export async function lockMessages(
  trx: Transaction<Database>,
  events: readonly StatusEvent[],
): Promise<LockedGroup | undefined> {
  const ids = [...new Set(events.flatMap((e) => (e.message_id ? [e.message_id] : [])))];
  const providerIds = events.flatMap((e) =>
    !e.message_id && e.provider && e.provider_message_id
      ? [[e.provider, e.provider_message_id] as const]
      : [],
  );
  if (ids.length === 0 && providerIds.length === 0) return undefined;

  const rows = await trx
    .selectFrom('messages')
    // The whole row: a change's client events carry the message, built from it in memory.
    .select(MESSAGE_COLUMNS)
    .select([
      // Which of the group's events this message has recorded already (redeliveries).
      sql<string[]>`array(select e.event_id from message_events e
                           where e.message_id = messages.id
                             and e.event_id = any(${events.map((e) => e.event_id)}::text[]))`.as(
        'recorded',
      ),
    ])
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('id', 'in', ids)] : []),
        ...(providerIds.length
          ? [
              eb(
                eb.refTuple('provider', 'provider_message_id'),
                'in',
                providerIds.map(([p, id]) => eb.tuple(p, id)),
              ),
            ]
          : []),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map<string, TrackedMessage>();
  const byProviderId = new Map<string, TrackedMessage>();
  const seen = new Set<string>();
  for (const { recorded, ...row } of rows) {
    for (const eventId of recorded) seen.add(eventId);
    const tracked: TrackedMessage = {
      id: row.id,
      status: row.status as MessageStatus,
      provider: row.provider,
      provider_message_id: row.provider_message_id,
      error_code: row.error_code,
      error_message: row.error_message,
      dispatch_generation: row.dispatch_generation,
      type: row.type,
      direction: row.direction,
      voice: row.voice,
      answered_by: row.answered_by,
      duration_seconds: row.duration_seconds,
      changed: false,
      stored: row,
    };
    byId.set(row.id, tracked);
    if (row.provider && row.provider_message_id) {
      byProviderId.set(providerKey(row.provider, row.provider_message_id), tracked);
    }
  }
  return { byId, byProviderId, seen };
}

/**
 * Events parked earlier for provider ids a message of this group may learn now, by provider id
 * and in the order they arrived; those recorded already join `seen`.
 */
export async function parkedForLearnableIds(
  trx: Transaction<Database>,
  events: readonly StatusEvent[],
  group: LockedGroup,
): Promise<Map<string, StatusEvent[]>> {
  const learnable = events.flatMap((e) => {
    const message = e.message_id ? group.byId.get(e.message_id) : undefined;
    return message && !message.provider_message_id && e.provider && e.provider_message_id
      ? [providerKey(e.provider, e.provider_message_id)]
      : [];
  });
  const parkedBefore = new Map<string, StatusEvent[]>();
  if (learnable.length === 0) return parkedBefore;
  const parked = await trx
    .selectFrom('pending_status_events as p')
    .select(['p.provider', 'p.provider_message_id', 'p.payload'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('message_events as e')
            .select('e.id')
            .whereRef('e.event_id', '=', 'p.event_id'),
        )
        .as('recorded'),
    )
    .where((eb) =>
      eb(
        eb.refTuple('p.provider', 'p.provider_message_id'),
        'in',
        [...new Set(learnable)].map((key) => {
          const [provider, id] = key.split('\u0000') as [string, string];
          return eb.tuple(provider, id);
        }),
      ),
    )
    .orderBy('p.received_at')
    .execute();
  for (const row of parked) {
    const key = providerKey(row.provider, row.provider_message_id);
    const event = StatusEvent.parse(row.payload);
    if (row.recorded) group.seen.add(event.event_id);
    parkedBefore.set(key, [...(parkedBefore.get(key) ?? []), event]);
  }
  return parkedBefore;
}
