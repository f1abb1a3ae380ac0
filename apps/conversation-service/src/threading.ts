import {
  CONVERSATION_CHANNEL,
  channelOf,
  type ChannelKind,
  type MessageType,
} from '@switchboard/contracts';
import { newId, sql, type ConversationRow, type Database, type Transaction } from '@switchboard/db';
import { cutText, htmlToText } from '@switchboard/text';

const PREVIEW_CHARS = 120;
/**
 * How much of a body a preview reads: a body can be hundreds of KiB, and nothing may walk all
 * of it. Plain text needs little more than the preview (white space is folded); HTML needs
 * room for the markup around the first words of text.
 */
const PREVIEW_SOURCE_CHARS = { text: 4 * PREVIEW_CHARS, html: 8 * 1024 } as const;

/** The conversation a message of this type is threaded into: by phone number, or by email. */
export function conversationChannelOf(type: MessageType): ChannelKind {
  return CONVERSATION_CHANNEL[channelOf(type)];
}

/**
 * A short preview of a body for conversation listings: email (HTML) bodies converted to text,
 * white space folded, cut on a character boundary. Reads only the start of the body (and of
 * the subject), so it takes the same time however long they are.
 */
export function previewOf(body: string, subject: string | null, type: MessageType): string {
  const text = oneLine(
    type === 'email'
      ? htmlToText(body, {
          maxChars: PREVIEW_SOURCE_CHARS.html,
          markCut: false,
          linkTargets: false,
        })
      : cutText(body, PREVIEW_SOURCE_CHARS.text),
  );
  return Array.from(text || oneLine(cutText(subject ?? '', PREVIEW_SOURCE_CHARS.text)))
    .slice(0, PREVIEW_CHARS)
    .join('');
}

/** White space folded to single spaces; for bounded text only. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The participant pair in a canonical order, so both directions find the same conversation. */
export function participantPair(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

/** One message about to be stored: the conversation it belongs to gets one more message. */
export interface ConversationTouch {
  tenantId: string;
  type: MessageType;
  from: string;
  to: string;
  at: Date;
  preview: string;
  outbound: boolean;
}

/**
 * Finds or creates the conversation between two participants and records one more message
 * in it, in a single statement (safe under concurrency: the unique key arbitrates). An outbound
 * message also takes the conversation's next dispatch sequence number.
 */
export async function touchConversation(
  trx: Transaction<Database>,
  input: ConversationTouch,
): Promise<TouchedConversation> {
  const [touched] = await touchConversations(trx, [input]);
  return touched!;
}

/** A message's conversation: its id, the message's dispatch sequence, and whether it was new. */
export interface TouchedConversation {
  id: string;
  outboundSeq: number;
  /** The conversation as created, on the first input that created it; else absent. */
  opened?: ConversationRow;
}

/**
 * `touchConversation` for many messages in ONE statement: each conversation is upserted once
 * with its count of new messages, and every outbound message gets its own dispatch sequence
 * number, in input order. Conversations are written in a fixed order (their unique key), so
 * concurrent calls over overlapping conversations take their row locks in the same order and
 * cannot deadlock. Answers per input, in input order.
 */
export async function touchConversations(
  trx: Transaction<Database>,
  inputs: readonly ConversationTouch[],
): Promise<TouchedConversation[]> {
  interface Group {
    key: string;
    input: ConversationTouch;
    pair: [string, string];
    messages: number;
    outbound: number;
    latest: ConversationTouch;
    earliest: Date;
  }
  const groups = new Map<string, Group>();
  // Per input: its group, and (outbound) its place among the group's outbound messages.
  const placed = inputs.map((input) => {
    const pair = participantPair(input.from, input.to);
    const key = [input.tenantId, conversationChannelOf(input.type), ...pair].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { key, input, pair, messages: 0, outbound: 0, latest: input, earliest: input.at };
      groups.set(key, group);
    }
    group.messages += 1;
    if (input.outbound) group.outbound += 1;
    // As with one message at a time: the latest message (a later one on a tie) sets the preview.
    if (input.at >= group.latest.at) group.latest = input;
    if (input.at < group.earliest) group.earliest = input.at;
    return { group, ordinal: input.outbound ? group.outbound : 0 };
  });
  const ordered = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = await trx
    .insertInto('conversations')
    .values(
      ordered.map((g) => ({
        id: newId(),
        tenant_id: g.input.tenantId,
        channel: conversationChannelOf(g.input.type),
        participant_a: g.pair[0],
        participant_b: g.pair[1],
        message_count: g.messages,
        outbound_seq: g.outbound,
        last_message_at: g.latest.at,
        last_message_preview: g.latest.preview,
        created_at: g.earliest,
      })),
    )
    .onConflict((oc) =>
      oc.constraint('conversations_participants_key').doUpdateSet({
        message_count: sql`conversations.message_count + excluded.message_count`,
        outbound_seq: sql`conversations.outbound_seq + excluded.outbound_seq`,
        last_message_at: sql`greatest(conversations.last_message_at, excluded.last_message_at)`,
        last_message_preview: sql`case when conversations.last_message_at > excluded.last_message_at then conversations.last_message_preview else excluded.last_message_preview end`,
      }),
    )
    .returning([
      'id',
      'outbound_seq',
      'tenant_id',
      'channel',
      'participant_a',
      'participant_b',
      'message_count',
      'last_message_at',
      'last_message_preview',
      'created_at',
      // A row the upsert inserted (rather than updated) has no deleting transaction id.
      sql<boolean>`xmax = 0`.as('inserted'),
    ])
    .execute();
  const byKey = new Map(
    rows.map((row) => [
      [row.tenant_id, row.channel, row.participant_a, row.participant_b].join('\u0000'),
      row,
    ]),
  );
  const announced = new Set<string>();
  return placed.map(({ group, ordinal }) => {
    const row = byKey.get(group.key);
    if (!row) throw new Error('a touched conversation was not returned');
    // The row's counter already includes the whole group: this message's number is its place in it.
    const outboundSeq = ordinal ? row.outbound_seq - group.outbound + ordinal : row.outbound_seq;
    if (!row.inserted || announced.has(group.key)) return { id: row.id, outboundSeq };
    announced.add(group.key);
    const { inserted: _inserted, ...opened } = row;
    return { id: row.id, outboundSeq, opened };
  });
}
