import {
  AppError,
  type ConversationPage,
  type ConversationResource,
  type GetByIdQuery,
  type ListConversationsRpc,
  type SearchConversationsRpc,
  type SearchResult,
} from '@switchboard/contracts';
import { sql, type Database, type Kysely } from '@switchboard/db';
import { decodeCursor, encodeCursor } from '../cursor';
import { toConversationResource, toMessageResource } from '../mappers';

type Db = Kysely<Database>;

const EPOCH = new Date(0);
const SEARCH_MESSAGES_PER_CONVERSATION = 5;

export async function getConversation(db: Db, q: GetByIdQuery): Promise<ConversationResource> {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('tenant_id', '=', q.tenant_id)
    .where('id', '=', q.id)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Conversation');
  return toConversationResource(row);
}

/**
 * Conversations by last activity, newest first. `participant` arrives normalised (E.164 or
 * lower-cased email) from the gateway.
 */
export async function listConversations(
  db: Db,
  q: ListConversationsRpc,
): Promise<ConversationPage> {
  const cursor = decodeCursor(q.cursor);
  let query = db.selectFrom('conversations').selectAll().where('tenant_id', '=', q.tenant_id);
  if (q.participant) {
    const p = q.participant;
    query = query.where((eb) => eb.or([eb('participant_a', '=', p), eb('participant_b', '=', p)]));
  }
  if (cursor) {
    query = query.where(
      sql<boolean>`(coalesce(last_message_at, ${EPOCH}), id) < (${new Date(cursor.at)}, ${cursor.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy(sql`coalesce(last_message_at, ${EPOCH})`, 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toConversationResource),
    next_cursor:
      rows.length > q.limit && last ? encodeCursor(last.last_message_at ?? EPOCH, last.id) : null,
  };
}

/** Full-text search over bodies and subjects; conversations with their best-matching messages. */
export async function searchConversations(
  db: Db,
  q: SearchConversationsRpc,
): Promise<SearchResult> {
  const tsQuery = sql`websearch_to_tsquery('simple', ${q.query})`;
  const hits = await db
    .selectFrom('messages')
    .select(['conversation_id', sql<Date>`max(created_at)`.as('latest')])
    .where('tenant_id', '=', q.tenant_id)
    .where(sql<boolean>`search @@ ${tsQuery}`)
    .groupBy('conversation_id')
    .orderBy('latest', 'desc')
    .limit(q.limit)
    .execute();
  if (hits.length === 0) return { data: [] };
  const ids = hits.map((h) => h.conversation_id);
  const [conversations, messages] = await Promise.all([
    db
      .selectFrom('conversations')
      .selectAll()
      .where('tenant_id', '=', q.tenant_id)
      .where('id', 'in', ids)
      .execute(),
    // The newest few matches of EACH conversation: a limit over all of them together would let
    // one busy conversation take every slot and leave the others with no messages.
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('messages')
          .selectAll()
          .select(
            sql<number>`row_number() over (partition by conversation_id order by created_at desc, id desc)`.as(
              'rank',
            ),
          )
          .where('tenant_id', '=', q.tenant_id)
          .where('conversation_id', 'in', ids)
          .where(sql<boolean>`search @@ ${tsQuery}`)
          .as('ranked'),
      )
      .selectAll()
      .where('rank', '<=', SEARCH_MESSAGES_PER_CONVERSATION)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  const byId = new Map(conversations.map((c) => [c.id, c]));
  return {
    data: ids.flatMap((id) => {
      const conversation = byId.get(id);
      if (!conversation) return [];
      return [
        {
          conversation: toConversationResource(conversation),
          messages: messages
            .filter((m) => m.conversation_id === id)
            .map(({ rank: _rank, ...row }) => toMessageResource(row)),
        },
      ];
    }),
  };
}
