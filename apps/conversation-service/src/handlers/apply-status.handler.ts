import { StatusEvent, canTransition, type MessageStatus } from '@switchboard/contracts';
import type { Database, Kysely, Transaction } from '@switchboard/db';

export type ApplyStatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'parked';

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

async function applyWithin(
  trx: Transaction<Database>,
  event: StatusEvent,
  applied: AppliedTransition[],
): Promise<ApplyStatusOutcome> {
  let query = trx
    .selectFrom('messages')
    .select([
      'id',
      'status',
      'provider',
      'provider_message_id',
      'dispatch_generation',
      'type',
      'direction',
    ])
    .forUpdate();
  if (event.message_id) {
    query = query.where('id', '=', event.message_id);
  } else if (event.provider && event.provider_message_id) {
    query = query
      .where('provider', '=', event.provider)
      .where('provider_message_id', '=', event.provider_message_id);
  } else {
    return 'parked';
  }
  const message = await query.executeTakeFirst();
  if (!message) {
    if (!event.provider || !event.provider_message_id) return 'parked';
    await trx
      .insertInto('pending_status_events')
      .values({
        event_id: event.event_id,
        provider: event.provider,
        provider_message_id: event.provider_message_id,
        payload: JSON.stringify(event),
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    return 'parked';
  }
  // A dispatcher's report about an earlier dispatch generation (before a retry) is history only.
  const current = event.generation === null || event.generation >= message.dispatch_generation;
  const forward = current && canTransition(message.status as MessageStatus, event.status);
  const inserted = await trx
    .insertInto('message_events')
    .values({
      message_id: message.id,
      event_id: event.event_id,
      status: event.status,
      provider: event.provider,
      provider_message_id: event.provider_message_id,
      error_code: event.error_code,
      error_message: event.error_message,
      applied: forward,
      occurred_at: new Date(event.occurred_at),
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return 'duplicate';
  if (!forward) return 'recorded';
  await trx
    .updateTable('messages')
    .set({
      status: event.status,
      updated_at: new Date(),
      ...(event.provider ? { provider: event.provider } : {}),
      ...(event.provider_message_id ? { provider_message_id: event.provider_message_id } : {}),
      ...(event.error_code !== null ? { error_code: event.error_code } : {}),
      ...(event.error_message !== null ? { error_message: event.error_message } : {}),
    })
    .where('id', '=', message.id)
    .execute();

  // The message may just have learnt its provider id: callbacks that raced ahead apply now.
  const provider = event.provider ?? message.provider;
  const providerMessageId = event.provider_message_id ?? message.provider_message_id;
  applied.push({
    message_id: message.id,
    status: event.status,
    type: message.type,
    direction: message.direction,
    provider,
  });
  if (provider && providerMessageId && !message.provider_message_id) {
    await applyParked(trx, provider, providerMessageId, applied);
  }
  return 'applied';
}

async function applyParked(
  trx: Transaction<Database>,
  provider: string,
  providerMessageId: string,
  applied: AppliedTransition[],
): Promise<number> {
  const parked = await trx
    .deleteFrom('pending_status_events')
    .where('provider', '=', provider)
    .where('provider_message_id', '=', providerMessageId)
    .returning(['payload', 'received_at'])
    .execute();
  parked.sort((a, b) => a.received_at.getTime() - b.received_at.getTime());
  for (const row of parked) {
    await applyWithin(trx, StatusEvent.parse(row.payload), applied);
  }
  return parked.length;
}

/**
 * Applies a status event through the forward-only state machine. Every event is recorded in
 * the message's lifecycle once (by event id); only a forward move changes the status. An event
 * for a message we cannot match yet is parked and applied when the message becomes known.
 * `onApplied` hears of every status change once it is committed.
 */
export async function applyStatus(
  db: Kysely<Database>,
  event: StatusEvent,
  onApplied?: OnApplied,
): Promise<ApplyStatusOutcome> {
  const applied: AppliedTransition[] = [];
  const outcome = await db.transaction().execute((trx) => applyWithin(trx, event, applied));
  if (onApplied) applied.forEach(onApplied);
  return outcome;
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
    count += await db
      .transaction()
      .execute((trx) => applyParked(trx, provider, provider_message_id, applied));
    if (onApplied) applied.forEach(onApplied);
  }
  return count;
}
