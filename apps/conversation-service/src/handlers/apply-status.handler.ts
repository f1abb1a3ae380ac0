import { canTransition, type MessageStatus, type StatusEvent } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';

export type ApplyStatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'parked';

/**
 * Applies a status event through the forward-only state machine. Every event is recorded in
 * the message's lifecycle once (by event id); only a forward move changes the status. An event
 * for a message we cannot match yet is parked and applied when the message becomes known.
 */
export async function applyStatus(
  db: Kysely<Database>,
  event: StatusEvent,
): Promise<ApplyStatusOutcome> {
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('messages')
      .select(['id', 'status', 'provider_message_id'])
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
    const applied = canTransition(message.status as MessageStatus, event.status);
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
        applied,
        occurred_at: new Date(event.occurred_at),
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 'duplicate';
    if (!applied) return 'recorded';
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
    return 'applied';
  });
}
