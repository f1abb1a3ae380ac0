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
  MESSAGE_CATEGORIES,
  MessageCategory,
  DEFAULT_MESSAGE_CATEGORY,
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
  AddSuppressionRequest,
  AddressParam,
  ListSuppressionsQuery,
  RECIPIENT_SIGNALS,
  RecipientSignal,
  RemoveSuppressionQuery,
  SUPPRESSION_REASONS,
  SuppressionList,
  SuppressionPage,
  SuppressionReason,
  SuppressionResource,
} from './suppression.schema';
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
export {
  CALL_OUTCOMES,
  DispatchCommand,
  InboundCallDetails,
  STATUS_SOURCES,
  dispatchStepEventId,
  StatusEvent,
  InboundMessageEvent,
  InboundRefusedFile,
  InboundStoredFile,
} from './event.schema';
export {
  CLIENT_EVENT_TYPES,
  CLIENT_EVENT_ID_PREFIX,
  CLIENT_EVENT_SCHEMAS,
  ClientEventType,
  ClientEvent,
  MessageReceivedEvent,
  MessageStatusEvent,
  MessageFailedEvent,
  ConversationCreatedEvent,
  WebhookEndpointDisabledEvent,
  RecipientOptedOutEvent,
  RecipientOptedInEvent,
  SuppressionCreatedEvent,
  SuppressionDeletedEvent,
  EventStreamQuery,
  LastEventIdHeader,
  FAILURE_STATUSES,
  conversationOfEvent,
} from './client-event.schema';
export {
  MAX_WEBHOOK_ENDPOINTS,
  MAX_SECRET_GRACE_SECONDS,
  DEFAULT_SECRET_GRACE_SECONDS,
  CreateWebhookEndpointRequest,
  UpdateWebhookEndpointRequest,
  RotateWebhookSecretRequest,
  WebhookEndpointResource,
  WebhookEndpointWithSecret,
  WebhookEndpointList,
  CreateWebhookEndpointRpc,
  ListWebhookEndpointsRpc,
  UpdateWebhookEndpointRpc,
  RotateWebhookSecretRpc,
  DeletedReply,
} from './webhook-endpoint.schema';
export {
  DELIVERY_STATUSES,
  DeliveryStatus,
  ListDeliveriesQuery,
  DeliveryParams,
  WebhookAttemptResource,
  WebhookDeliveryResource,
  WebhookDeliveryPage,
  ReplayRequest,
  ReplayReply,
  ListDeliveriesRpc,
  RetryDeliveryRpc,
  ReplayRpc,
} from './webhook-delivery.schema';
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
export { ErrorCodes, HTTP_STATUS_BY_CODE, AppError, RpcError, consentRefusalError } from './errors';
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
  TwilioInboundCallStatusForm,
  TwilioRecordingStatusForm,
  TwilioTranscriptionForm,
  TwilioVoiceCallForm,
} from './webhooks/twilio-voice.schema';
export {
  SENDGRID_EVENT_MEANING,
  SENDGRID_EVENT_TYPES,
  SENDGRID_MAX_BATCH_EVENTS,
  SendGridEventType,
  SendGridEvent,
  SendGridEventBatch,
} from './webhooks/sendgrid-events.schema';
export { SendGridInboundParseForm } from './webhooks/sendgrid-inbound.schema';
export {
  GetMediaRpc,
  isMediaId,
  MEDIA_SOURCES,
  MediaIdParam,
  MediaResource,
  MediaScan,
  MediaScanStatus,
  MediaSource,
  RecordMediaReply,
  RecordMediaRpc,
  StoredMediaReply,
} from './media.schema';
export { CompatSmsWebhook, CompatEmailWebhook } from './webhooks/compat.schema';
export {
  CIRCUIT_STATES,
  CircuitState,
  ProviderHealthEntry,
  ProviderHealthReport,
  ProviderHealth,
  ChannelProviderHealth,
  ProviderHealthResource,
} from './provider-health.schema';

export type { Channel, RpcSubject } from './subjects';
export type { RpcContract, RpcRequestOf, RpcReplyOf } from './rpc.contracts';
export type { ErrorCode, FieldError } from './errors';
export type { TwilioOutboundStatus } from './webhooks/twilio-status';
export type { CallStatus } from './webhooks/call-status.schema';
export type {
  ChannelSender,
  ConsentCheck,
  HoldCheck,
  ConsentRefusal,
  OutgoingFile,
  ProviderFailure,
  SendResult,
  SenderCheck,
} from './channel-sender';
