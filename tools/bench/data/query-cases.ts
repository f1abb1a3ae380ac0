import {
  listConversationMessages,
  listConversations,
  listMessages,
  searchConversations,
} from '@switchboard/conversation-queries';
import type { Database, Kysely } from '@switchboard/db';
import { COMMON_WORD, seededConversation, type SeedShape } from './seed';

const TENANT = 'development';
const PAGE = 25;
/** How deep a paging walk goes before it starts over at the first page. */
export const PAGE_DEPTH = 20;

/** One kind of read the API serves, as a client calls it and as conversation-service runs it. */
export interface QueryCase {
  name: string;
  method: 'GET' | 'POST';
  /** The documented route. */
  route: string;
  /** The `i`-th request; `cursor` is the previous page's `next_cursor` for a paging walk. */
  request(i: number, cursor: string | undefined): { path: string; body?: unknown };
  /** Follow `next_cursor` from page to page (up to PAGE_DEPTH). */
  paging?: boolean;
  /**
   * Runs the same query the way conversation-service does, against `db` (whose log captures
   * the SQL for EXPLAIN); `cursor` is one seen while paging.
   */
  run(db: Kysely<Database>, cursor: string | undefined): Promise<unknown>;
}

/** Spreads request `i` over `n` items without favouring neighbours. */
const spread = (i: number, n: number) => ((i * 7_919) % n) + 1;

/**
 * The reads measured on the seeded database and an empty one: listing, paging, participant
 * lookup (a one-conversation recipient and a busy sender), a conversation's messages, and
 * full-text search for a rare and a common word.
 */
export function queryCases(shape: SeedShape): QueryCase[] {
  const conversation = (i: number) => seededConversation(shape, spread(i, shape.conversations));
  const withCursor = (path: string, cursor: string | undefined) =>
    cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path;
  return [
    {
      name: 'conversations, first page',
      method: 'GET',
      route: '/api/v1/conversations',
      request: () => ({ path: `/api/v1/conversations?limit=${PAGE}` }),
      run: (db) => listConversations(db, { tenant_id: TENANT, limit: PAGE }),
    },
    {
      name: `conversations, paging (cursor, ${PAGE_DEPTH} pages deep)`,
      method: 'GET',
      route: '/api/v1/conversations',
      paging: true,
      request: (_i, cursor) => ({
        path: withCursor(`/api/v1/conversations?limit=${PAGE}`, cursor),
      }),
      run: (db, cursor) =>
        listConversations(db, { tenant_id: TENANT, limit: PAGE, ...(cursor ? { cursor } : {}) }),
    },
    {
      name: 'conversations by participant (one conversation)',
      method: 'GET',
      route: '/api/v1/conversations',
      request: (i) => ({
        path: `/api/v1/conversations?participant=${encodeURIComponent(conversation(i).recipient)}`,
      }),
      run: (db) =>
        listConversations(db, {
          tenant_id: TENANT,
          limit: PAGE,
          participant: conversation(1).recipient,
        }),
    },
    {
      name: `conversations by participant (busy sender, ~${Math.round(shape.conversations / shape.senders)} conversations)`,
      method: 'GET',
      route: '/api/v1/conversations',
      request: (i) => ({
        path: `/api/v1/conversations?participant=${encodeURIComponent(conversation(i).sender)}`,
      }),
      run: (db) =>
        listConversations(db, {
          tenant_id: TENANT,
          limit: PAGE,
          participant: conversation(1).sender,
        }),
    },
    {
      name: "a conversation's messages",
      method: 'GET',
      route: '/api/v1/conversations/{id}/messages',
      request: (i) => ({
        path: `/api/v1/conversations/${conversation(i).id}/messages?limit=${PAGE}`,
      }),
      run: (db) =>
        listConversationMessages(db, { tenant_id: TENANT, id: conversation(1).id, limit: PAGE }),
    },
    {
      name: `messages, paging (cursor, ${PAGE_DEPTH} pages deep)`,
      method: 'GET',
      route: '/api/v1/messages',
      paging: true,
      request: (_i, cursor) => ({ path: withCursor(`/api/v1/messages?limit=${PAGE}`, cursor) }),
      run: (db, cursor) =>
        listMessages(db, { tenant_id: TENANT, limit: PAGE, ...(cursor ? { cursor } : {}) }),
    },
    {
      name: 'search, rare word (~100 messages)',
      method: 'POST',
      route: '/api/v1/conversations/search',
      request: (i) => ({
        path: '/api/v1/conversations/search',
        body: { query: `ref${spread(i, shape.rareTokens) - 1}` },
      }),
      run: (db) => searchConversations(db, { tenant_id: TENANT, query: 'ref1', limit: 20 }),
    },
    {
      name: `search, common word ("${COMMON_WORD}", ~10% of messages)`,
      method: 'POST',
      route: '/api/v1/conversations/search',
      request: () => ({ path: '/api/v1/conversations/search', body: { query: COMMON_WORD } }),
      run: (db) => searchConversations(db, { tenant_id: TENANT, query: COMMON_WORD, limit: 20 }),
    },
  ];
}
