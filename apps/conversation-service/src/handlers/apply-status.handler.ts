import { StatusEvent } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { applyGroupWithin } from '../status-group/apply-group';
import type { AppliedTransition, OnApplied, StatusResult } from '../status-group/tracked-message';

export type {
  AppliedTransition,
  ApplyStatusOutcome,
  OnApplied,
  StatusResult,
} from '../status-group/tracked-message';

/** How many parked events one sweep looks at. */
const PENDING_SWEEP_BATCH = 200;

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
