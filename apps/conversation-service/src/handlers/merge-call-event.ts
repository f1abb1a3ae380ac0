import {
  InboundCallDetails,
  type InboundMessageEvent,
  type MessageType,
} from '@switchboard/contracts';
import type { Database, Transaction } from '@switchboard/db';
import { previewOf } from '../threading';

/**
 * A conversation's preview of a call's message: its transcript once known, else what it is —
 * a missed call leaves no text, and a voicemail has none until it is transcribed.
 */
export function callPreview(call: InboundCallDetails, body: string, type: MessageType): string {
  if (body) return previewOf(body, null, type);
  return call.outcome === 'missed' ? 'Missed call' : 'Voicemail';
}

/**
 * What one call left, from two partial accounts of it: the recording's callback (the URL, the
 * length, a `pending` transcript) and the transcription's (the text), in whichever order they
 * came. A finished transcript beats a pending one; a voicemail beats a missed call (a recording
 * reported after the call's end).
 */
export function mergeCallDetails(
  stored: InboundCallDetails | undefined,
  incoming: InboundCallDetails,
): InboundCallDetails {
  if (!stored) return incoming;
  return {
    call_sid: stored.call_sid,
    outcome:
      stored.outcome === 'voicemail' || incoming.outcome === 'voicemail' ? 'voicemail' : 'missed',
    recording_url: stored.recording_url ?? incoming.recording_url,
    duration_seconds: stored.duration_seconds ?? incoming.duration_seconds,
    transcript:
      stored.transcript === null || stored.transcript === 'pending'
        ? (incoming.transcript ?? stored.transcript)
        : stored.transcript,
  };
}

/**
 * Folds another event of a call into the message the call's first event stored: one call is one
 * message however many callbacks describe it. The event is recorded in the message's lifecycle.
 */
export async function mergeCallEvent(
  trx: Transaction<Database>,
  messageId: string,
  event: InboundMessageEvent & { call: InboundCallDetails },
): Promise<void> {
  const stored = await trx
    .selectFrom('messages')
    .select(['type', 'body', 'attachments', 'metadata', 'conversation_id', 'created_at'])
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
  const previous = InboundCallDetails.safeParse(stored.metadata?.['call']).data;
  const call = mergeCallDetails(previous, event.call);
  const type: MessageType = call.outcome === 'voicemail' ? 'voicemail' : stored.type;
  const body = stored.body || event.body;
  const now = new Date();
  await trx
    .updateTable('messages')
    .set({
      type,
      body,
      attachments: JSON.stringify(
        stored.attachments.length ? stored.attachments : event.attachments,
      ),
      metadata: JSON.stringify({ ...stored.metadata, call }),
      updated_at: now,
    })
    .where('id', '=', messageId)
    .execute();
  const preview = callPreview(call, body, type);
  // The conversation shows it now if this call is still its latest message.
  await trx
    .updateTable('conversations')
    .set({ last_message_preview: preview })
    .where('id', '=', stored.conversation_id)
    .where('last_message_at', '=', stored.created_at)
    .where('last_message_preview', 'is distinct from', preview)
    .execute();
  await trx
    .insertInto('message_events')
    .values({
      message_id: messageId,
      event_id: event.event_id,
      status: 'received',
      provider: event.provider,
      provider_message_id: event.provider_message_id,
      applied: true,
      occurred_at: new Date(event.received_at),
    })
    .execute();
}
