import {
  DEFAULT_MESSAGE_CATEGORY,
  Subjects,
  channelOf,
  partitionOf,
  type DispatchCommand,
} from '@switchboard/contracts';
import type { Database, MessageRow, Transaction } from '@switchboard/db';
import { outgoingHeaders } from '@switchboard/observability';

export interface DispatchOptions {
  partitions: number;
  msgId: string;
  /**
   * Trace context and request id to carry (captured by `outgoingHeaders()` in the request the
   * message came with); the active ones when absent.
   */
  headers?: Record<string, string>;
}

/** The outbox row holding a stored outbound message's dispatch command. */
function outboxRowOf(
  message: MessageRow,
  options: DispatchOptions,
): { subject: string; msg_id: string; payload: string; headers: string } {
  // Built from a stored row, so the contract holds by construction (its type checks it here).
  const command: DispatchCommand = {
    message_id: message.id,
    tenant_id: message.tenant_id,
    conversation_id: message.conversation_id,
    type: message.type,
    from: message.from_addr,
    to: message.to_addr,
    subject: message.subject,
    body: message.body,
    attachments: message.attachments,
    accepted_at: message.created_at.toISOString(),
    sequence: message.dispatch_seq ?? 1,
    generation: message.dispatch_generation,
    category: message.category ?? DEFAULT_MESSAGE_CATEGORY,
    ...(message.voice ? { voice: message.voice } : {}),
  };
  return {
    subject: Subjects.dispatch(
      channelOf(message.type),
      partitionOf(message.conversation_id, options.partitions),
    ),
    msg_id: options.msgId,
    payload: JSON.stringify(command),
    // The trace context and request id travel with the command (see the relay).
    headers: JSON.stringify(options.headers ?? outgoingHeaders()),
  };
}

/**
 * Writes the dispatch command for a stored outbound message to the outbox, in the caller's
 * transaction. `msgId` becomes `Nats-Msg-Id`: the first dispatch uses the message id; a re-drive
 * or a retry uses an id of its own so the broker does not drop it as a duplicate (the
 * dispatcher's ledger keeps it from being sent twice).
 */
export async function enqueueDispatch(
  trx: Transaction<Database>,
  message: MessageRow,
  options: DispatchOptions,
): Promise<void> {
  await enqueueDispatches(trx, [{ message, options }]);
}

/** `enqueueDispatch` for many messages in one multi-row statement. */
export async function enqueueDispatches(
  trx: Transaction<Database>,
  dispatches: readonly { message: MessageRow; options: DispatchOptions }[],
): Promise<void> {
  if (dispatches.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(dispatches.map(({ message, options }) => outboxRowOf(message, options)))
    .execute();
}
