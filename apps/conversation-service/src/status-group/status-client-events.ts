import type { ClientEvent } from '@switchboard/contracts';
import { toMessageResource } from '@switchboard/conversation-queries';
import { statusEvents } from '../client-event-outbox';
import type { AppliedTransition, TrackedMessage } from './tracked-message';

/**
 * The client events (`message.status`, and `message.failed` for failures) of the status changes
 * a group applied, each carrying the message as the group leaves it (its status as of that
 * change); written to the outbox by the group's one write, so they exist exactly when the
 * changes were committed. `updatedAt`: the time the group stores on the messages it changed.
 */
export function statusClientEvents(
  transitions: readonly AppliedTransition[],
  byId: ReadonlyMap<string, TrackedMessage>,
  updatedAt: Date,
): ClientEvent[] {
  return transitions.flatMap((t) => {
    const message = byId.get(t.message_id);
    if (!message) return [];
    const row = {
      ...message.stored,
      status: message.status,
      provider: message.provider,
      provider_message_id: message.provider_message_id,
      error_code: message.error_code,
      error_message: message.error_message,
      answered_by: message.answered_by,
      duration_seconds: message.duration_seconds,
      updated_at: message.changed ? updatedAt : message.stored.updated_at,
    };
    return statusEvents(row.tenant_id, toMessageResource(row), t);
  });
}
