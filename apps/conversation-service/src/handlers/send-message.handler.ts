import type { MessageResource, SendMessageCommand } from '@switchboard/contracts';
import { newId, type Database, type Kysely } from '@switchboard/db';
import { enqueueDispatch } from '../dispatch-outbox';
import { toMessageResource } from '../mappers';
import { previewOf, touchConversation } from '../threading';

export interface SendMessageDeps {
  db: Kysely<Database>;
  partitions: number;
  /** Called after commit so the outbox relay publishes without waiting for its next poll. */
  onCommitted?: () => void;
}

/**
 * Accepts an outbound message: threads it into its conversation and stores the message, its
 * first lifecycle event and the dispatch command (outbox) in ONE transaction. When this
 * resolves, the message is durable and will be dispatched.
 */
export async function sendMessage(
  deps: SendMessageDeps,
  cmd: SendMessageCommand,
): Promise<MessageResource> {
  const id = newId();
  const now = new Date();
  const row = await deps.db.transaction().execute(async (trx) => {
    const conversation = await touchConversation(trx, {
      tenantId: cmd.tenant_id,
      type: cmd.type,
      from: cmd.from,
      to: cmd.to,
      at: now,
      preview: previewOf(cmd.body, cmd.subject, cmd.type),
      outbound: true,
    });
    const message = await trx
      .insertInto('messages')
      .values({
        id,
        tenant_id: cmd.tenant_id,
        conversation_id: conversation.id,
        direction: 'outbound',
        type: cmd.type,
        from_addr: cmd.from,
        to_addr: cmd.to,
        subject: cmd.subject,
        body: cmd.body,
        attachments: JSON.stringify(cmd.attachments),
        metadata: JSON.stringify(cmd.metadata),
        status: 'queued',
        encoding: cmd.encoding,
        segments: cmd.segments,
        client_timestamp: cmd.timestamp,
        dispatch_seq: conversation.outboundSeq,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('message_events')
      .values({
        message_id: id,
        event_id: `${id}:queued`,
        status: 'queued',
        applied: true,
        occurred_at: now,
      })
      .execute();
    await enqueueDispatch(trx, message, { partitions: deps.partitions, msgId: id });
    return message;
  });
  deps.onCommitted?.();
  return toMessageResource(row);
}
