import { Subjects, type ClientEvent } from '@switchboard/contracts';
import type { Database, Transaction } from '@switchboard/db';
import { outgoingHeaders } from '@switchboard/observability';

/**
 * Writes client events to the outbox in the caller's transaction: they are relayed to the
 * CLIENT_EVENTS stream with `Nats-Msg-Id` = the event id (a re-publish after a crash is
 * dropped), and exist exactly when the change they describe was committed.
 */
export async function enqueueClientEvents(
  trx: Transaction<Database>,
  events: readonly ClientEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('outbox').values(clientEventOutboxRows(events)).execute();
}

/** The outbox rows of client events, in order (see `enqueueClientEvents`). */
export function clientEventOutboxRows(events: readonly ClientEvent[]) {
  const headers = JSON.stringify(outgoingHeaders());
  return events.map((event) => ({
    subject: Subjects.clientEvent(event.tenant_id, event.type),
    msg_id: event.id,
    payload: JSON.stringify(event),
    headers,
  }));
}
