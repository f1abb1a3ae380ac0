import type { StatusEvent } from '@switchboard/contracts';
import type { Database, Transaction } from '@switchboard/db';
import { lockMessages, parkedForLearnableIds } from './lock-messages';
import { runStateMachine } from './state-machine';
import type { AppliedTransition, StatusResult } from './tracked-message';
import { enqueueStatusEvents } from './status-client-events';
import { writeGroup } from './write-group';
import { recordHolds } from './holds';

/**
 * Applies a group of status events within a transaction: match and lock their messages, run
 * the state machine over them in memory, then write everything the group changed at once.
 * `applied` hears of every status change (to report once the transaction commits); each change
 * also becomes client events in the same transaction.
 */
export async function applyGroupWithin(
  trx: Transaction<Database>,
  events: readonly StatusEvent[],
  applied: AppliedTransition[],
): Promise<StatusResult[]> {
  const group = await lockMessages(trx, events);
  if (!group) return events.map(() => ({ outcome: 'parked', message_id: null }));
  const parkedBefore = await parkedForLearnableIds(trx, events, group);
  const first = applied.length;
  const { outcomes, writes } = runStateMachine(events, group, parkedBefore, applied);
  const { unparked, toPark, lifecycle, changed } = writes;
  if (unparked.length + toPark.length + lifecycle.length + changed.length > 0) {
    await writeGroup(trx, writes);
  }
  // A hold heard again (a redelivery) after its release must not hold the message again.
  await recordHolds(
    trx,
    events.filter((_event, i) => outcomes[i]?.outcome !== 'duplicate'),
  );
  await enqueueStatusEvents(trx, applied.slice(first));
  return outcomes;
}
