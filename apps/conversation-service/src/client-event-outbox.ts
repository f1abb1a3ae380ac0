import {
  CLIENT_EVENT_ID_PREFIX,
  FAILURE_STATUSES,
  Subjects,
  type ClientEvent,
  type ConversationResource,
  type MessageResource,
  type MessageStatus,
} from '@switchboard/contracts';
import { newId, type Database, type Transaction } from '@switchboard/db';
import { outgoingHeaders } from '@switchboard/observability';

/** A new client event id (`evt_<uuidv7>`): ids sort by creation time. */
export const newClientEventId = () => `${CLIENT_EVENT_ID_PREFIX}${newId()}`;

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
  const headers = JSON.stringify(outgoingHeaders());
  await trx
    .insertInto('outbox')
    .values(
      events.map((event) => ({
        subject: Subjects.clientEvent(event.tenant_id, event.type),
        msg_id: event.id,
        payload: JSON.stringify(event),
        headers,
      })),
    )
    .execute();
}

/** `message.received` for an inbound message just stored. */
export const messageReceived = (tenantId: string, message: MessageResource): ClientEvent => ({
  id: newClientEventId(),
  type: 'message.received',
  created_at: message.created_at,
  tenant_id: tenantId,
  data: { message },
});

/** `conversation.created` for a conversation a message just opened. */
export const conversationCreated = (
  tenantId: string,
  conversation: ConversationResource,
): ClientEvent => ({
  id: newClientEventId(),
  type: 'conversation.created',
  created_at: conversation.created_at,
  tenant_id: tenantId,
  data: { conversation },
});

/** One applied status change, as the events describing it need it. */
export interface StatusChange {
  status: MessageStatus;
  provider: string | null;
  error_code: string | null;
  error_message: string | null;
  occurred_at: string;
}

/**
 * `message.status` for a status change (and `message.failed` too when it is a failure), with the
 * message as it stood after that change.
 */
export function statusEvents(
  tenantId: string,
  message: MessageResource,
  change: StatusChange,
): ClientEvent[] {
  const now = new Date().toISOString();
  const data = {
    status: change.status,
    provider: change.provider,
    provider_code: change.error_code,
    provider_message: change.error_message,
    occurred_at: change.occurred_at,
    message: { ...message, status: change.status },
  };
  const events: ClientEvent[] = [
    { id: newClientEventId(), type: 'message.status', created_at: now, tenant_id: tenantId, data },
  ];
  if (FAILURE_STATUSES.includes(change.status)) {
    events.push({
      id: newClientEventId(),
      type: 'message.failed',
      created_at: now,
      tenant_id: tenantId,
      data,
    });
  }
  return events;
}
