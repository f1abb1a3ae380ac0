import {
  AppError,
  type CallContentReply,
  type GetByIdQuery,
  type GetCallContentQuery,
  type ListConversationMessagesRpc,
  type ListMessagesRpc,
  type MessageEventList,
  type MessagePage,
  type MessageResource,
} from '@switchboard/contracts';
import { sql, type Database, type Kysely } from '@switchboard/db';
import { decodeCursor, pageFrom } from './cursor';
import { toMessageEventResource, toMessageResource } from './mappers';

type Db = Kysely<Database>;

const byCreation = (row: { created_at: Date; id: string }) => ({ at: row.created_at, id: row.id });

export async function getMessage(db: Db, q: GetByIdQuery): Promise<MessageResource> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', q.tenant_id)
    .where('id', '=', q.id)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('Message');
  return toMessageResource(row);
}

/**
 * What an outbound call says, for the provider asking its instructions. Found by message id
 * alone: the id comes from the signed URL the dispatcher gave the provider.
 */
export async function getCallContent(db: Db, q: GetCallContentQuery): Promise<CallContentReply> {
  const row = await db
    .selectFrom('messages')
    .select(['type', 'body', 'attachments', 'voice'])
    .where('id', '=', q.message_id)
    .where('direction', '=', 'outbound')
    .where('type', 'in', ['voice', 'voicemail'])
    .executeTakeFirst();
  if (!row || (row.type !== 'voice' && row.type !== 'voicemail')) throw AppError.notFound('Call');
  return { type: row.type, body: row.body, attachments: row.attachments, voice: row.voice };
}

/** Newest first, keyset-paginated, with optional filters. */
export async function listMessages(db: Db, q: ListMessagesRpc): Promise<MessagePage> {
  const cursor = decodeCursor(q.cursor);
  let query = db.selectFrom('messages').selectAll().where('tenant_id', '=', q.tenant_id);
  if (q.conversation_id) query = query.where('conversation_id', '=', q.conversation_id);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.direction) query = query.where('direction', '=', q.direction);
  if (q.error_code) query = query.where('error_code', 'in', q.error_code.split(','));
  if (q.since) query = query.where('created_at', '>=', new Date(q.since));
  if (q.until) query = query.where('created_at', '<', new Date(q.until));
  if (cursor)
    query = query.where(
      sql<boolean>`(created_at, id) < (${new Date(cursor.at)}, ${cursor.id}::uuid)`,
    );
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return pageFrom(rows, q.limit, toMessageResource, byCreation);
}

/** A conversation's messages, oldest first. */
export async function listConversationMessages(
  db: Db,
  q: ListConversationMessagesRpc,
): Promise<MessagePage> {
  const exists = await db
    .selectFrom('conversations')
    .select('id')
    .where('tenant_id', '=', q.tenant_id)
    .where('id', '=', q.id)
    .executeTakeFirst();
  if (!exists) throw AppError.notFound('Conversation');
  const cursor = decodeCursor(q.cursor);
  // The conversation is the tenant's (checked above); the tenant filter keeps it so regardless.
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', q.tenant_id)
    .where('conversation_id', '=', q.id);
  if (cursor)
    query = query.where(
      sql<boolean>`(created_at, id) > (${new Date(cursor.at)}, ${cursor.id}::uuid)`,
    );
  const rows = await query
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(q.limit + 1)
    .execute();
  return pageFrom(rows, q.limit, toMessageResource, byCreation);
}

export async function listMessageEvents(db: Db, q: GetByIdQuery): Promise<MessageEventList> {
  await getMessage(db, q);
  const rows = await db
    .selectFrom('message_events')
    .selectAll()
    .where('message_id', '=', q.id)
    .orderBy('id', 'asc')
    .execute();
  return { data: rows.map(toMessageEventResource) };
}
