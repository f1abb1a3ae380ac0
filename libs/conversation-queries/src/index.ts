/**
 * The reads conversation-service answers the API with (a conversation, a message, pages of
 * either, a message's events, full-text search), the keyset cursors they page with, and how a
 * row becomes the API's resource. The benchmark runs the same functions to explain their SQL.
 *
 * @example const page = await listMessages(db, { tenant_id: 'acme', limit: 25 });
 */
export { getConversation, listConversations, searchConversations } from './conversation.queries';
export {
  getCallContent,
  getMessage,
  listConversationMessages,
  listMessageEvents,
  listMessages,
} from './message.queries';
export { decodeCursor, encodeCursor, pageFrom } from './cursor';
export { MESSAGE_COLUMNS, toConversationResource, toMessageResource } from './mappers';
