import type { StatusEvent } from '@switchboard/contracts';
import type { Database, Transaction } from '@switchboard/db';
import { lockMessages, parkedForLearnableIds } from './lock-messages';
import { runStateMachine } from './state-machine';
import type { AppliedTransition, StatusResult } from './tracked-message';
import { statusClientEvents } from './status-client-events';
import { writeGroup } from './write-group';
import { recordHolds } from './holds';

/**
 * Applies a group of status events within a transaction: match and lock their messages, run
 * the state machine over them in memory, then write everything the group changed at once.
 * `applied` hears of every status change (to report once the transaction commits); each change
 * also becomes client events, written by the same statement.
 */
export async function applyGroupWithin(
  trx: Transaction<Database>,
  events: readonly StatusEvent[],
  applied: AppliedTransition[],
): Promise<StatusResult[]> {
  const { steps, positions } = withSendingSteps(events);
  const group = await lockMessages(trx, steps);
  if (!group) return events.map(() => ({ outcome: 'parked', message_id: null }));
  const parkedBefore = await parkedForLearnableIds(trx, steps, group);
  const first = applied.length;
  const run = runStateMachine(steps, group, parkedBefore, applied);
  const { writes } = run;
  const outcomes = positions.map((at) => run.outcomes[at]!);
  const { unparked, toPark, lifecycle, changed } = writes;
  const updatedAt = new Date();
  const clientEvents = statusClientEvents(applied.slice(first), group.byId, updatedAt);
  if (unparked.length + toPark.length + lifecycle.length + changed.length > 0) {
    await writeGroup(trx, writes, { updatedAt, clientEvents });
  }
  // A hold heard again (a redelivery) after its release must not hold the message again.
  await recordHolds(
    trx,
    events.filter((_event, i) => outcomes[i]?.outcome !== 'duplicate'),
  );
  return outcomes;
}

/**
 * The events to run, with the `sending` step a dispatcher folded into an outcome event put back
 * in front of it (recorded once, like the event it stands for), and where each given event is.
 */
function withSendingSteps(events: readonly StatusEvent[]): {
  steps: StatusEvent[];
  positions: number[];
} {
  const steps: StatusEvent[] = [];
  const positions: number[] = [];
  for (const event of events) {
    if (event.sending_step && event.message_id) {
      steps.push({
        event_id: event.sending_step.event_id,
        message_id: event.message_id,
        provider: null,
        provider_message_id: null,
        status: 'sending',
        error_code: null,
        error_message: null,
        occurred_at: event.sending_step.occurred_at,
        source: event.source,
        generation: event.generation,
      });
    }
    positions.push(steps.length);
    steps.push(event);
  }
  return { steps, positions };
}
