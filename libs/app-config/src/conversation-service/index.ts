/**
 * conversation-service's settings: the schema its composition root parses, which the
 * deployment checks read too.
 *
 * @example const config = loadConfig(conversationServiceConfigSchema, process.env);
 */
export { conversationServiceConfigSchema } from './config';

export type { ConversationServiceConfig } from './config';
