import type { InboundMessageEvent } from '@switchboard/contracts';
import { newId, sql, type Database, type Kysely } from '@switchboard/db';
import { conversationCreated, enqueueClientEvents, messageReceived } from '../client-event-outbox';
import {
  MESSAGE_COLUMNS,
  toConversationResource,
  toMessageResource,
} from '@switchboard/conversation-queries';
import { previewOf, touchConversation } from '../threading';
import type { InboundMedia } from './inbound-media.handler';
import { callPreview, mergeCallEvent } from './merge-call-event';

/** `merged`: another account of a call already stored (its transcript, say) was folded into it. */
export type RecordInboundOutcome = 'stored' | 'duplicate' | 'merged';

/**
 * Stores a message a provider delivered to us, threaded into the same conversation as the
 * outbound messages between the same two participants. Idempotent: the same provider message
 * (or event) delivered again to the same recipient stores nothing new; event ids carry the
 * recipient, so one message to several recipients is stored once for each. `media`: its files as
 * the tenant's media (`resolveInboundMedia`), which replace the event's attachments.
 */
export async function recordInbound(
  db: Kysely<Database>,
  tenantId: string,
  event: InboundMessageEvent,
  media?: InboundMedia,
): Promise<RecordInboundOutcome> {
  return db.transaction().execute(async (trx) => {
    // Serialises concurrent deliveries of the same event — or of any event of one call, which
    // all make one message — so the checks below are race-free.
    const lockKey = event.call
      ? `call:${event.provider}:${event.provider_message_id}:${event.to}`
      : event.event_id;
    await sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`.execute(trx);
    const seen = await trx
      .selectFrom('message_events')
      .select('id')
      .where('event_id', '=', event.event_id)
      .executeTakeFirst();
    if (seen) return 'duplicate';
    let providerMessageId = event.provider_message_id;
    if (providerMessageId) {
      const existing = await trx
        .selectFrom('messages')
        .select(['id', 'tenant_id', 'to_addr'])
        .where('provider', '=', event.provider)
        .where('provider_message_id', '=', providerMessageId)
        .executeTakeFirst();
      // The same provider message to the same recipient of the same tenant (stored under an
      // older event id) is a copy; nothing about another recipient or tenant is.
      if (existing?.tenant_id === tenantId && existing.to_addr === event.to) {
        if (!event.call) return 'duplicate';
        await mergeCallEvent(trx, existing.id, { ...event, call: event.call });
        return 'merged';
      }
      // A provider id is unique among stored messages: the one it already names (another
      // recipient's) keeps it, and this one keeps it in its lifecycle event only.
      if (existing) providerMessageId = null;
    }
    const now = new Date();
    const conversation = await touchConversation(trx, {
      tenantId,
      type: event.type,
      from: event.from,
      to: event.to,
      at: now,
      preview: event.call
        ? callPreview(event.call, event.body, event.type)
        : previewOf(event.body, event.subject, event.type),
      outbound: false,
    });
    const id = newId();
    const stored = await trx
      .insertInto('messages')
      .values({
        id,
        tenant_id: tenantId,
        conversation_id: conversation.id,
        direction: 'inbound',
        type: event.type,
        from_addr: event.from,
        to_addr: event.to,
        subject: event.subject,
        body: event.body,
        attachments: JSON.stringify(media?.attachments ?? event.attachments),
        metadata: JSON.stringify(
          event.call ? { call: event.call } : media?.notes ? { media: media.notes } : null,
        ),
        status: 'received',
        provider: event.provider,
        provider_message_id: providerMessageId,
        client_timestamp: event.received_at,
        created_at: now,
        updated_at: now,
      })
      .returning(MESSAGE_COLUMNS)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('message_events')
      .values({
        message_id: id,
        event_id: event.event_id,
        status: 'received',
        provider: event.provider,
        provider_message_id: event.provider_message_id,
        applied: true,
        occurred_at: new Date(event.received_at),
      })
      .execute();
    await enqueueClientEvents(trx, [
      ...(conversation.opened
        ? [conversationCreated(tenantId, toConversationResource(conversation.opened))]
        : []),
      messageReceived(tenantId, toMessageResource(stored)),
    ]);
    return 'stored';
  });
}
