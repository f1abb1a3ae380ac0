import type { z } from 'zod';
import { ConversationPage, MessageEventList, MessagePage, SearchResult } from './api.schema';
import { ConversationResource, MessageResource } from './message.schema';
import {
  CallContentReply,
  GetByIdQuery,
  GetCallContentQuery,
  ListConversationMessagesRpc,
  ListConversationsRpc,
  ListMessagesRpc,
  SearchConversationsRpc,
  SendBatchCommand,
  SendBatchReply,
  SendMessageCommand,
} from './rpc.schema';
import { GetMediaRpc, RecordMediaReply, RecordMediaRpc, StoredMediaReply } from './media.schema';
import { Rpc } from './subjects';
import {
  AddSuppressionRpc,
  GetSuppressionRpc,
  ListSuppressionsRpc,
  RemoveSuppressionRpc,
  SuppressionList,
  SuppressionPage,
  SuppressionResource,
} from './suppression.schema';
import { AuthenticateApiKeyRpc, GetTenantRpc, TenantPrincipal } from './tenant.schema';
import {
  CreateWebhookEndpointRpc,
  DeletedReply,
  ListWebhookEndpointsRpc,
  RotateWebhookSecretRpc,
  UpdateWebhookEndpointRpc,
  WebhookEndpointList,
  WebhookEndpointResource,
  WebhookEndpointWithSecret,
} from './webhook-endpoint.schema';
import {
  ListDeliveriesRpc,
  ReplayReply,
  ReplayRpc,
  RetryDeliveryRpc,
  WebhookDeliveryPage,
  WebhookDeliveryResource,
} from './webhook-delivery.schema';

/** One request/reply subject with what it takes and what it answers. */
export interface RpcContract<
  Request extends z.ZodType = z.ZodType,
  Reply extends z.ZodType = z.ZodType,
> {
  readonly subject: string;
  readonly request: Request;
  readonly reply: Reply;
}

/** What a caller sends: the request schema's parsed form (the server parses it again). */
export type RpcRequestOf<C extends RpcContract> = z.output<C['request']>;
/** What a caller receives: the reply, as parsed by the reply schema. */
export type RpcReplyOf<C extends RpcContract> = z.output<C['reply']>;

/**
 * Declares a contract, keeping its schemas' exact types.
 *
 * @example const Echo = defineRpc({ subject: 'echo', request: Text, reply: Text });
 */
export const defineRpc = <Request extends z.ZodType, Reply extends z.ZodType>(
  contract: RpcContract<Request, Reply>,
): RpcContract<Request, Reply> => contract;

/**
 * Every request/reply served by conversation-service: the caller (`callRpc`) and the server
 * (`serveRpc`) both take their types from here, so they cannot disagree.
 */
export const RpcContracts = {
  sendMessage: defineRpc({
    subject: Rpc.sendMessage,
    request: SendMessageCommand,
    reply: MessageResource,
  }),
  sendBatch: defineRpc({
    subject: Rpc.sendBatch,
    request: SendBatchCommand,
    reply: SendBatchReply,
  }),
  getMessage: defineRpc({ subject: Rpc.getMessage, request: GetByIdQuery, reply: MessageResource }),
  listMessages: defineRpc({
    subject: Rpc.listMessages,
    request: ListMessagesRpc,
    reply: MessagePage,
  }),
  listMessageEvents: defineRpc({
    subject: Rpc.listMessageEvents,
    request: GetByIdQuery,
    reply: MessageEventList,
  }),
  getConversation: defineRpc({
    subject: Rpc.getConversation,
    request: GetByIdQuery,
    reply: ConversationResource,
  }),
  listConversations: defineRpc({
    subject: Rpc.listConversations,
    request: ListConversationsRpc,
    reply: ConversationPage,
  }),
  listConversationMessages: defineRpc({
    subject: Rpc.listConversationMessages,
    request: ListConversationMessagesRpc,
    reply: MessagePage,
  }),
  searchConversations: defineRpc({
    subject: Rpc.searchConversations,
    request: SearchConversationsRpc,
    reply: SearchResult,
  }),
  authenticateApiKey: defineRpc({
    subject: Rpc.authenticateApiKey,
    request: AuthenticateApiKeyRpc,
    reply: TenantPrincipal,
  }),
  getTenant: defineRpc({ subject: Rpc.getTenant, request: GetTenantRpc, reply: TenantPrincipal }),
  retryMessage: defineRpc({
    subject: Rpc.retryMessage,
    request: GetByIdQuery,
    reply: MessageResource,
  }),
  createWebhookEndpoint: defineRpc({
    subject: Rpc.createWebhookEndpoint,
    request: CreateWebhookEndpointRpc,
    reply: WebhookEndpointWithSecret,
  }),
  listWebhookEndpoints: defineRpc({
    subject: Rpc.listWebhookEndpoints,
    request: ListWebhookEndpointsRpc,
    reply: WebhookEndpointList,
  }),
  getWebhookEndpoint: defineRpc({
    subject: Rpc.getWebhookEndpoint,
    request: GetByIdQuery,
    reply: WebhookEndpointResource,
  }),
  updateWebhookEndpoint: defineRpc({
    subject: Rpc.updateWebhookEndpoint,
    request: UpdateWebhookEndpointRpc,
    reply: WebhookEndpointResource,
  }),
  deleteWebhookEndpoint: defineRpc({
    subject: Rpc.deleteWebhookEndpoint,
    request: GetByIdQuery,
    reply: DeletedReply,
  }),
  rotateWebhookSecret: defineRpc({
    subject: Rpc.rotateWebhookSecret,
    request: RotateWebhookSecretRpc,
    reply: WebhookEndpointWithSecret,
  }),
  listWebhookDeliveries: defineRpc({
    subject: Rpc.listWebhookDeliveries,
    request: ListDeliveriesRpc,
    reply: WebhookDeliveryPage,
  }),
  retryWebhookDelivery: defineRpc({
    subject: Rpc.retryWebhookDelivery,
    request: RetryDeliveryRpc,
    reply: WebhookDeliveryResource,
  }),
  replayWebhookEvents: defineRpc({
    subject: Rpc.replayWebhookEvents,
    request: ReplayRpc,
    reply: ReplayReply,
  }),
  listSuppressions: defineRpc({
    subject: Rpc.listSuppressions,
    request: ListSuppressionsRpc,
    reply: SuppressionPage,
  }),
  getSuppression: defineRpc({
    subject: Rpc.getSuppression,
    request: GetSuppressionRpc,
    reply: SuppressionList,
  }),
  addSuppression: defineRpc({
    subject: Rpc.addSuppression,
    request: AddSuppressionRpc,
    reply: SuppressionResource,
  }),
  removeSuppression: defineRpc({
    subject: Rpc.removeSuppression,
    request: RemoveSuppressionRpc,
    reply: SuppressionList,
  }),
  getCallContent: defineRpc({
    subject: Rpc.getCallContent,
    request: GetCallContentQuery,
    reply: CallContentReply,
  }),
  recordMedia: defineRpc({
    subject: Rpc.recordMedia,
    request: RecordMediaRpc,
    reply: RecordMediaReply,
  }),
  getMedia: defineRpc({ subject: Rpc.getMedia, request: GetMediaRpc, reply: StoredMediaReply }),
} as const satisfies Record<keyof typeof Rpc, RpcContract>;
