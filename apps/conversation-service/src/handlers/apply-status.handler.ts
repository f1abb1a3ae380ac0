import { StatusEvent, canTransition, type MessageStatus } from '@switchboard/contracts';
import {
  sql,
  type Database,
  type Kysely,
  type NewMessageEventRow,
  type Transaction,
} from '@switchboard/db';

export type ApplyStatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'parked';

/** What became of one event of a group, and the message it turned out to be about. */
export interface StatusResult {
  outcome: ApplyStatusOutcome;
  /** Our id of the message, when the event could be matched to one. */
  message_id: string | null;
}

/** A status change that was applied to a message: what the transitions metric counts. */
export interface AppliedTransition {
  message_id: string;
  status: MessageStatus;
  type: string;
  direction: string;
  provider: string | null;
}
export type OnApplied = (transition: AppliedTransition) => void;

/** How many parked events one sweep looks at. */
const PENDING_SWEEP_BATCH = 200;

/** A message as a group of status events sees it: locked, and changed in memory as they apply. */
interface TrackedMessage {
  id: string;
  status: MessageStatus;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  dispatch_generation: number;
  type: string;
  direction: string;
  changed: boolean;
}

const providerKey = (provider: string, providerMessageId: string) =>
  `${provider}\u0000${providerMessageId}`;

/**
 * Applies status events through the forward-only state machine, a group at a time: one
 * transaction and a handful of statements for the whole group instead of a transaction of
 * three statements per event. Every event is recorded in its message's lifecycle once (by event
 * id); only a forward move changes the status; events are taken in the order given, exactly as
 * if they had been applied one after another. An event for a message we cannot match yet is
 * parked and applied when the message becomes known. `onApplied` hears of every status change
 * once it is committed. Answers one result per event, in order.
 */
export async function applyStatuses(
  db: Kysely<Database>,
  events: readonly StatusEvent[],
  onApplied?: OnApplied,
): Promise<StatusResult[]> {
  const applied: AppliedTransition[] = [];
  const outcomes = await db.transaction().execute((trx) => applyGroupWithin(trx, events, applied));
  if (onApplied) applied.forEach(onApplied);
  return outcomes;
}

/** Applies one status event: a group of one. */
export async function applyStatus(
  db: Kysely<Database>,
  event: StatusEvent,
  onApplied?: OnApplied,
): Promise<ApplyStatusOutcome> {
  const [result] = await applyStatuses(db, [event], onApplied);
  return result!.outcome;
}

async function applyGroupWithin(
  trx: Transaction<Database>,
  events: readonly StatusEvent[],
  applied: AppliedTransition[],
): Promise<StatusResult[]> {
  const ids = [...new Set(events.flatMap((e) => (e.message_id ? [e.message_id] : [])))];
  const providerIds = events.flatMap((e) =>
    !e.message_id && e.provider && e.provider_message_id
      ? [[e.provider, e.provider_message_id] as const]
      : [],
  );
  if (ids.length === 0 && providerIds.length === 0)
    return events.map(() => ({ outcome: 'parked', message_id: null }));

  // Every message the group touches, locked in one order (no deadlock between groups).
  const rows = await trx
    .selectFrom('messages')
    .select([
      'id',
      'status',
      'provider',
      'provider_message_id',
      'error_code',
      'error_message',
      'dispatch_generation',
      'type',
      'direction',
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
      ...row,
      status: row.status as MessageStatus,
      changed: false,
    };
    byId.set(row.id, tracked);
    if (row.provider && row.provider_message_id) {
      byProviderId.set(providerKey(row.provider, row.provider_message_id), tracked);
    }
  }

  // Events parked earlier for provider ids a message of this group may learn now.
  const learnable = events.flatMap((e) => {
    const message = e.message_id ? byId.get(e.message_id) : undefined;
    return message && !message.provider_message_id && e.provider && e.provider_message_id
      ? [providerKey(e.provider, e.provider_message_id)]
      : [];
  });
  const parkedBefore = new Map<string, StatusEvent[]>();
  if (learnable.length > 0) {
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
      if (row.recorded) seen.add(event.event_id);
      parkedBefore.set(key, [...(parkedBefore.get(key) ?? []), event]);
    }
  }

  const toPark: StatusEvent[] = [];
  const unparked: string[] = [];
  const lifecycle: NewMessageEventRow[] = [];

  /** One event against the message it is about, as the one-by-one path would apply it. */
  const applyTo = (message: TrackedMessage, event: StatusEvent): ApplyStatusOutcome => {
    if (seen.has(event.event_id)) return 'duplicate';
    seen.add(event.event_id);
    // A dispatcher's report about an earlier dispatch generation (before a retry) is history only.
    const current = event.generation === null || event.generation >= message.dispatch_generation;
    const forward = current && canTransition(message.status, event.status);
    lifecycle.push({
      message_id: message.id,
      event_id: event.event_id,
      status: event.status,
      provider: event.provider,
      provider_message_id: event.provider_message_id,
      error_code: event.error_code,
      error_message: event.error_message,
      applied: forward,
      occurred_at: new Date(event.occurred_at),
    });
    if (!forward) return 'recorded';
    const hadProviderId = message.provider_message_id;
    if (message.provider && hadProviderId) {
      byProviderId.delete(providerKey(message.provider, hadProviderId));
    }
    message.status = event.status;
    message.changed = true;
    if (event.provider) message.provider = event.provider;
    if (event.provider_message_id) message.provider_message_id = event.provider_message_id;
    if (event.error_code !== null) message.error_code = event.error_code;
    if (event.error_message !== null) message.error_message = event.error_message;
    applied.push({
      message_id: message.id,
      status: event.status,
      type: message.type,
      direction: message.direction,
      provider: message.provider,
    });
    if (message.provider && message.provider_message_id) {
      const key = providerKey(message.provider, message.provider_message_id);
      byProviderId.set(key, message);
      // The message just learnt its provider id: callbacks that raced ahead of it apply now,
      // in the order they arrived (those parked before this group first).
      if (!hadProviderId) {
        const earlier = parkedBefore.get(key) ?? [];
        parkedBefore.delete(key);
        unparked.push(...earlier.map((e) => e.event_id));
        const inGroup = toPark.filter(
          (e) => providerKey(e.provider!, e.provider_message_id!) === key,
        );
        toPark.splice(0, toPark.length, ...toPark.filter((e) => !inGroup.includes(e)));
        for (const parked of [...earlier, ...inGroup]) applyTo(message, parked);
      }
    }
    return 'applied';
  };

  const outcomes = events.map((event): StatusResult => {
    const message = event.message_id
      ? byId.get(event.message_id)
      : event.provider && event.provider_message_id
        ? byProviderId.get(providerKey(event.provider, event.provider_message_id))
        : undefined;
    if (message) return { outcome: applyTo(message, event), message_id: message.id };
    if (event.provider && event.provider_message_id) toPark.push(event);
    return { outcome: 'parked', message_id: event.message_id };
  });

  const changed = [...byId.values()].filter((m) => m.changed);
  if (unparked.length + toPark.length + lifecycle.length + changed.length > 0) {
    await writeGroup(trx, { unparked, toPark, lifecycle, changed });
  }
  return outcomes;
}

/**
 * Everything a group changes, in ONE statement (one array per column): parked events taken and
 * parked, lifecycle rows recorded in order, and each changed message updated once.
 */
async function writeGroup(
  trx: Transaction<Database>,
  group: {
    unparked: readonly string[];
    toPark: readonly StatusEvent[];
    lifecycle: readonly NewMessageEventRow[];
    changed: readonly TrackedMessage[];
  },
): Promise<void> {
  const { unparked, toPark, lifecycle, changed } = group;
  const park = <T>(pick: (e: StatusEvent) => T) => toPark.map(pick);
  const event = <T>(pick: (e: NewMessageEventRow) => T) => lifecycle.map(pick);
  const message = <K extends keyof TrackedMessage>(key: K) => changed.map((m) => m[key]);
  await sql`
    with unparked as (
      delete from pending_status_events where event_id = any(${[...unparked]}::text[])
    ), parked as (
      insert into pending_status_events (event_id, provider, provider_message_id, payload)
      select * from unnest(${park((e) => e.event_id)}::text[], ${park((e) => e.provider)}::text[],
                           ${park((e) => e.provider_message_id)}::text[],
                           ${park((e) => JSON.stringify(e))}::jsonb[])
      on conflict (event_id) do nothing
    ), recorded as (
      insert into message_events (message_id, event_id, status, provider, provider_message_id,
                                  error_code, error_message, applied, occurred_at)
      select * from unnest(${event((e) => e.message_id)}::uuid[], ${event((e) => e.event_id)}::text[],
                           ${event((e) => e.status)}::text[], ${event((e) => e.provider ?? null)}::text[],
                           ${event((e) => e.provider_message_id ?? null)}::text[],
                           ${event((e) => e.error_code ?? null)}::text[],
                           ${event((e) => e.error_message ?? null)}::text[],
                           ${event((e) => e.applied)}::boolean[],
                           ${event((e) => e.occurred_at)}::timestamptz[])
      on conflict (event_id) do nothing
    )
    update messages as m
       set status = v.status, provider = v.provider, provider_message_id = v.provider_message_id,
           error_code = v.error_code, error_message = v.error_message, updated_at = now()
      from unnest(${message('id')}::uuid[], ${message('status')}::text[],
                  ${message('provider')}::text[], ${message('provider_message_id')}::text[],
                  ${message('error_code')}::text[], ${message('error_message')}::text[])
           as v(id, status, provider, provider_message_id, error_code, error_message)
     where m.id = v.id`.execute(trx);
}

/**
 * Applies parked events whose message is now known. Closes the race where a callback is parked
 * in the same instant the message's provider id is committed.
 */
export async function sweepParkedStatuses(
  db: Kysely<Database>,
  onApplied?: OnApplied,
): Promise<number> {
  const known = await db
    .selectFrom('pending_status_events as p')
    .innerJoin('messages as m', (join) =>
      join
        .onRef('m.provider', '=', 'p.provider')
        .onRef('m.provider_message_id', '=', 'p.provider_message_id'),
    )
    .select(['p.provider', 'p.provider_message_id'])
    .distinct()
    .limit(PENDING_SWEEP_BATCH)
    .execute();
  let count = 0;
  for (const { provider, provider_message_id } of known) {
    const applied: AppliedTransition[] = [];
    count += await db.transaction().execute(async (trx) => {
      const parked = await trx
        .deleteFrom('pending_status_events')
        .where('provider', '=', provider)
        .where('provider_message_id', '=', provider_message_id)
        .returning(['payload', 'received_at'])
        .execute();
      parked.sort((a, b) => a.received_at.getTime() - b.received_at.getTime());
      await applyGroupWithin(
        trx,
        parked.map((row) => StatusEvent.parse(row.payload)),
        applied,
      );
      return parked.length;
    });
    if (onApplied) applied.forEach(onApplied);
  }
  return count;
}
