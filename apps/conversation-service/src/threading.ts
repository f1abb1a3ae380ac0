import type { ChannelKind, MessageType } from '@switchboard/contracts';
import { newId, sql, type Database, type Transaction } from '@switchboard/db';

const PREVIEW_CHARS = 120;

export function channelOf(type: MessageType): ChannelKind {
  return type === 'email' ? 'email' : 'phone';
}

/**
 * A short preview of a body for conversation listings: tags dropped from email (HTML) bodies,
 * white space folded, cut on a character boundary.
 */
export function previewOf(body: string, subject: string | null, type: MessageType): string {
  const text = (type === 'email' ? body.replace(/<[^>]*>/g, ' ') : body)
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(text || subject || '')
    .slice(0, PREVIEW_CHARS)
    .join('');
}

/** The participant pair in a canonical order, so both directions find the same conversation. */
export function participantPair(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

/**
 * Finds or creates the conversation between two participants and records one more message
 * in it, in a single statement (safe under concurrency: the unique key arbitrates). An outbound
 * message also takes the conversation's next dispatch sequence number.
 */
export async function touchConversation(
  trx: Transaction<Database>,
  input: {
    tenantId: string;
    type: MessageType;
    from: string;
    to: string;
    at: Date;
    preview: string;
    outbound: boolean;
  },
): Promise<{ id: string; outboundSeq: number }> {
  const [a, b] = participantPair(input.from, input.to);
  const row = await trx
    .insertInto('conversations')
    .values({
      id: newId(),
      tenant_id: input.tenantId,
      channel: channelOf(input.type),
      participant_a: a,
      participant_b: b,
      message_count: 1,
      outbound_seq: input.outbound ? 1 : 0,
      last_message_at: input.at,
      last_message_preview: input.preview,
      created_at: input.at,
    })
    .onConflict((oc) =>
      oc.constraint('conversations_participants_key').doUpdateSet({
        message_count: sql`conversations.message_count + 1`,
        outbound_seq: sql`conversations.outbound_seq + ${input.outbound ? 1 : 0}`,
        last_message_at: sql`greatest(conversations.last_message_at, excluded.last_message_at)`,
        last_message_preview: sql`case when conversations.last_message_at > excluded.last_message_at then conversations.last_message_preview else excluded.last_message_preview end`,
      }),
    )
    .returning(['id', 'outbound_seq'])
    .executeTakeFirstOrThrow();
  return { id: row.id, outboundSeq: row.outbound_seq };
}
