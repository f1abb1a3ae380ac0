// The public contracts: schemas (runtime) first, then the types that have no schema.
export { fnv1a32, partitionOf } from './partition';
export {
  CHANNELS,
  channelOf,
  CONVERSATION_CHANNEL,
  Streams,
  Subjects,
  Rpc,
  CONVERSATION_SERVICE_QUEUE,
} from './subjects';
export {
  MESSAGE_TYPES,
  MessageType,
  DIRECTIONS,
  Direction,
  MESSAGE_STATUSES,
  MessageStatus,
  ENCODINGS,
  Encoding,
  Limits,
  isStorableText,
  toStorableText,
  storableText,
  Metadata,
  ON_HUMAN,
  VoiceOptions,
  MessageResource,
  MessageEventResource,
  CHANNEL_KINDS,
  ChannelKind,
  ConversationResource,
  STATUS_RANK,
  canTransition,
} from './message.schema';
export {
  SendMessageRequest,
  CompatEmailRequest,
  ListMessagesQuery,
  ListConversationsQuery,
  PageQuery,
  SearchConversationsRequest,
  IdParam,
  pageOf,
  MessagePage,
  ConversationPage,
  MessageEventList,
  SearchResult,
  Problem,
  BATCH_MAX_MESSAGES,
  SendBatchRequest,
  SendBatchItemResult,
  SendBatchResponse,
} from './api.schema';
export { DispatchCommand, STATUS_SOURCES, StatusEvent, InboundMessageEvent } from './event.schema';
export {
  SendMessageCommand,
  SendBatchCommand,
  GetByIdQuery,
  ListMessagesRpc,
  ListConversationsRpc,
  ListConversationMessagesRpc,
  SearchConversationsRpc,
  SendBatchReply,
  RpcReply,
  GetCallContentQuery,
  CallContentReply,
} from './rpc.schema';
export { defineRpc, RpcContracts } from './rpc.contracts';
export {
  TenantId,
  DEVELOPMENT_TENANT,
  RateLimit,
  TenantTokenIssuer,
  TenantPrincipal,
  AuthenticateApiKeyRpc,
  GetTenantRpc,
} from './tenant.schema';
export { ErrorCodes, HTTP_STATUS_BY_CODE, AppError, RpcError } from './errors';
export {
  TWILIO_INBOUND_STATUSES,
  TWILIO_MESSAGE_STATUSES,
  TWILIO_OUTBOUND_STATUSES,
  TWILIO_OUTBOUND_STATUS_MEANING,
  TwilioMessageStatus,
} from './webhooks/twilio-status';
export { TwilioWebhookForm } from './webhooks/twilio.schema';
export { CALL_STATUSES, CALL_STATUS_MEANING, CallStatusForm } from './webhooks/call-status.schema';
export {
  SENDGRID_EVENT_MEANING,
  SENDGRID_EVENT_TYPES,
  SENDGRID_MAX_BATCH_EVENTS,
  SendGridEventType,
  SendGridEvent,
  SendGridEventBatch,
} from './webhooks/sendgrid-events.schema';
export { SendGridInboundParseForm } from './webhooks/sendgrid-inbound.schema';
export { CompatSmsWebhook, CompatEmailWebhook } from './webhooks/compat.schema';

export type { Channel, RpcSubject } from './subjects';
export type { RpcContract, RpcRequestOf, RpcReplyOf } from './rpc.contracts';
export type { ErrorCode, FieldError } from './errors';
export type { TwilioOutboundStatus } from './webhooks/twilio-status';
export type { CallStatus } from './webhooks/call-status.schema';
export type { ChannelSender, ProviderFailure, SendResult, SenderCheck } from './channel-sender';
