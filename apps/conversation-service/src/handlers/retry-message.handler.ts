import {
  AppError,
  ErrorCodes,
  type GetByIdQuery,
  type MessageResource,
} from '@switchboard/contracts';
import { toMessageResource } from '@switchboard/conversation-queries';
import type { Database, Kysely } from '@switchboard/db';
import { enqueueDispatch } from '../dispatch-outbox';

/**
 * Re-queues a failed outbound message: a new dispatch generation, status back to `queued`, the
 * error cleared, a lifecycle event, and a dispatch command — in one transaction. The retried
 * message is sent when asked for, not in its original place in the conversation.
 */
export async function retryMessage(
  deps: { db: Kysely<Database>; partitions: number; onCommitted?: () => void },
  q: GetByIdQuery,
): Promise<MessageResource> {
  const row = await deps.db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', q.tenant_id)
      .where('id', '=', q.id)
      .forUpdate()
      .executeTakeFirst();
    if (!message) throw AppError.notFound('Message');
    if (message.direction !== 'outbound' || message.status !== 'failed') {
      throw new AppError(
        ErrorCodes.conflict,
        `Only failed outbound messages can be retried; this one is ${message.direction} and ${message.status}`,
      );
    }
    const generation = message.dispatch_generation + 1;
    const now = new Date();
    const updated = await trx
      .updateTable('messages')
      .set({
        status: 'queued',
        dispatch_generation: generation,
        error_code: null,
        error_message: null,
        updated_at: now,
      })
      .where('id', '=', message.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('message_events')
      .values({
        message_id: message.id,
        event_id: `${message.id}:g${generation}:queued`,
        status: 'queued',
        applied: true,
        occurred_at: now,
      })
      .execute();
    await enqueueDispatch(trx, updated, {
      partitions: deps.partitions,
      msgId: `${message.id}:g${generation}`,
    });
    return updated;
  });
  deps.onCommitted?.();
  return toMessageResource(row);
}
