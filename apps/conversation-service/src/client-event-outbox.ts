import {
  CLIENT_EVENT_ID_PREFIX,
  FAILURE_STATUSES,
  type ClientEvent,
  type ConversationResource,
  type MessageResource,
  type MessageStatus,
} from '@switchboard/contracts';
import { newId } from '@switchboard/db';

/** A new client event id (`evt_<uuidv7>`): ids sort by creation time. */
export const newClientEventId = () => `${CLIENT_EVENT_ID_PREFIX}${newId()}`;

export { enqueueClientEvents } from '@switchboard/tenancy';

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
