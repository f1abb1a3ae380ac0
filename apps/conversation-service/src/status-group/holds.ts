import type { StatusEvent } from '@switchboard/contracts';
import type { Database, Transaction } from '@switchboard/db';

/**
 * Records until when a dispatcher held each message (quiet hours), for the sweeper to dispatch
 * it again then. Only a message still `queued` is held; a later hold of the same message replaces
 * an earlier one.
 */
export async function recordHolds(
  trx: Transaction<Database>,
  events: readonly StatusEvent[],
): Promise<void> {
  for (const event of events) {
    if (!event.hold_until || !event.message_id) continue;
    await trx
      .updateTable('messages')
      .set({ hold_until: new Date(event.hold_until) })
      .where('id', '=', event.message_id)
      .where('status', '=', 'queued')
      .execute();
  }
}
