import {
  AppError,
  type ConversationPage,
  type ConversationResource,
  type GetByIdQuery,
  type ListConversationsRpc,
  type MessageResource,
  type SearchConversationsRpc,
  type SearchResult,
} from '@switchboard/contracts';
import { looksLikeEmail } from '@switchboard/addressing';
import { sql, type Database, type Kysely } from '@switchboard/db';
import { decodeCursor, pageFrom } from './cursor';
import { ReplyWeight } from './reply-weight';
import { MESSAGE_COLUMNS, toConversationResource, toMessageResource } from './mappers';

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
 *
 * The order is that of `conversations_activity_idx` (tenant, last activity desc nulls last, id
 * desc), so a page is an index range read, however many conversations the tenant has: with
 * 500,000 of them, ordering by an expression instead made every page a full scan and sort
 * (tools/bench, data phase). Every conversation written has a last activity; one without
 * would come after all the others, and is read by a second query on the last page only.
 */
export async function listConversations(
  db: Db,
  q: ListConversationsRpc,
): Promise<ConversationPage> {
  const cursor = decodeCursor(q.cursor);
  let base = db.selectFrom('conversations').selectAll().where('tenant_id', '=', q.tenant_id);
  if (q.channel) base = base.where('channel', '=', q.channel);
  if (q.participant) {
    const p = q.participant;
    // The channel lets the participant_a side use the unique key's index.
    base = base
      .where('channel', '=', looksLikeEmail(p) ? 'email' : 'phone')
      .where((eb) => eb.or([eb('participant_a', '=', p), eb('participant_b', '=', p)]));
  }
  // A cursor at the epoch was taken on a conversation without activity: only those remain.
  const inInactive = cursor !== undefined && Date.parse(cursor.at) === EPOCH.getTime();
  const active = inInactive
    ? []
    : await base
        .where('last_message_at', 'is not', null)
        .$if(cursor !== undefined, (qb) =>
          qb.where(
            sql<boolean>`(last_message_at, id) < (${new Date(cursor!.at)}, ${cursor!.id}::uuid)`,
          ),
        )
        // `nulls last` as in the index, or PostgreSQL would not read the index in order.
        .orderBy('last_message_at', (ob) => ob.desc().nullsLast())
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute();
  const inactive =
    active.length > q.limit
      ? []
      : await base
          .where('last_message_at', 'is', null)
          .$if(inInactive, (qb) => qb.where('id', '<', cursor!.id))
          .orderBy('id', 'desc')
          .limit(q.limit + 1 - active.length)
          .execute();
  const rows = [...active, ...inactive];
  return pageFrom(rows, q.limit, toConversationResource, (row) => ({
    at: row.last_message_at ?? EPOCH,
    id: row.id,
  }));
}

/**
 * The newest messages looked through for matches before grouping every match instead: a first
 * glance, then a wider window when the glance suggests it will find enough.
 */
const SEARCH_FIRST_WINDOW = 500;
const SEARCH_RECENT_WINDOW = 5_000;

/**
 * The conversations with the most recent matches, most recent first. The matches among the
 * tenant's newest messages are the newest matches of all, so when they name enough
 * conversations they are the answer — a bounded read whatever the word. The newest 500 are
 * looked at first; a word found there too seldom to fill the page in the newest 5,000 (none at
 * all, for a rare word) goes straight to grouping all its matches through the GIN index, which
 * is quick exactly when matches are few. Either way the answer is the same. Grouping every match
 * of a word in half a million messages took seconds (tools/bench, data phase); PostgreSQL's own
 * choice between the two indexes misjudges rare words, so the choice is made here.
 */
async function latestMatchingConversations(
  db: Db,
  q: SearchConversationsRpc,
  tsQuery: ReturnType<typeof sql>,
): Promise<string[]> {
  const newestMatches = async (window: number) => {
    const { rows } = await sql<{ conversation_id: string }>`
      select conversation_id from (
        select conversation_id, created_at, id, search from messages
        where tenant_id = ${q.tenant_id}
        order by created_at desc, id desc
        limit ${window}
      ) recent
      where search @@ ${tsQuery}
      order by created_at desc, id desc`.execute(db);
    return { matches: rows.length, ids: [...new Set(rows.map((m) => m.conversation_id))] };
  };
  const glance = await newestMatches(SEARCH_FIRST_WINDOW);
  if (glance.ids.length >= q.limit) return glance.ids.slice(0, q.limit);
  const expected = (glance.matches * SEARCH_RECENT_WINDOW) / SEARCH_FIRST_WINDOW;
  if (glance.matches > 0 && expected >= q.limit) {
    const wider = await newestMatches(SEARCH_RECENT_WINDOW);
    if (wider.ids.length >= q.limit) return wider.ids.slice(0, q.limit);
  }
  const hits = await db
    .selectFrom('messages')
    .select(['conversation_id', sql<Date>`max(created_at)`.as('latest')])
    .where('tenant_id', '=', q.tenant_id)
    .where(sql<boolean>`search @@ ${tsQuery}`)
    .groupBy('conversation_id')
    .orderBy('latest', 'desc')
    .limit(q.limit)
    .execute();
  return hits.map((h) => h.conversation_id);
}

/** Full-text search over bodies and subjects; conversations with their newest matching messages. */
export async function searchConversations(
  db: Db,
  q: SearchConversationsRpc,
): Promise<SearchResult> {
  const tsQuery = sql`websearch_to_tsquery('simple', ${q.query})`;
  const ids = await latestMatchingConversations(db, q, tsQuery);
  if (ids.length === 0) return { data: [] };
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
          // Not the full-text vector: it is as long as the text, and nobody reads it.
          .select(MESSAGE_COLUMNS)
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
  const shown = withinWeight(
    messages.map(({ rank, ...row }) => ({ rank, resource: toMessageResource(row) })),
    ids,
  );
  return {
    data: ids.flatMap((id) => {
      const conversation = byId.get(id);
      if (!conversation) return [];
      return [
        { conversation: toConversationResource(conversation), messages: shown.get(id) ?? [] },
      ];
    }),
  };
}

/**
 * The matches a search answer shows, by conversation, newest first. The answer travels back to
 * the gateway in one NATS reply, as a page does, and five 256 KiB emails for each of 20
 * conversations weigh far more than it carries: the matches are taken newest-of-each first —
 * every conversation's newest match, in the answer's order, then every second-newest, and so on —
 * until they weigh `REPLY_MAX_BYTES`. The first is always shown.
 */
function withinWeight(
  matches: readonly { rank: number; resource: MessageResource }[],
  conversationOrder: readonly string[],
): Map<string, MessageResource[]> {
  const position = new Map(conversationOrder.map((id, i) => [id, i]));
  const fair = [...matches].sort(
    (a, b) =>
      a.rank - b.rank ||
      position.get(a.resource.conversation_id)! - position.get(b.resource.conversation_id)!,
  );
  const shown = new Map<string, MessageResource[]>();
  const weight = new ReplyWeight();
  for (const { resource } of fair) {
    if (!weight.take(resource)) break;
    const list = shown.get(resource.conversation_id) ?? [];
    // Ranks arrive in order, so each conversation's list stays newest first.
    list.push(resource);
    shown.set(resource.conversation_id, list);
  }
  return shown;
}
