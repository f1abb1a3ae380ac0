import type { Database, Transaction } from '@switchboard/db';
import { enqueueClientEvents, statusEvents } from '../client-event-outbox';
import { MESSAGE_COLUMNS, toMessageResource } from '@switchboard/conversation-queries';
import type { AppliedTransition } from './tracked-message';

/**
 * The client events (`message.status`, and `message.failed` for failures) of the status changes
 * a group applied, written to the outbox in the group's transaction after its writes, so each
 * carries the message as stored (its status as of that change).
 */
export async function enqueueStatusEvents(
  trx: Transaction<Database>,
  transitions: readonly AppliedTransition[],
): Promise<void> {
  if (transitions.length === 0) return;
  const rows = await trx
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .where('id', 'in', [...new Set(transitions.map((t) => t.message_id))])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  await enqueueClientEvents(
    trx,
    transitions.flatMap((t) => {
      const row = byId.get(t.message_id);
      return row ? statusEvents(row.tenant_id, toMessageResource(row), t) : [];
    }),
  );
}
