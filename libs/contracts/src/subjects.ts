import type { ChannelKind } from './message.schema';

/** Channels a message can travel on. */
export const CHANNELS = ['sms', 'email', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The channel a message of this type (a `MessageType`) travels on: MMS goes the way of SMS,
 * a voicemail drop the way of a call.
 */
export const channelOf = (type: string): Channel =>
  type === 'email' ? 'email' : type === 'voice' || type === 'voicemail' ? 'voice' : 'sms';

/**
 * The kind of conversation a channel's messages are threaded into: by phone number or email.
 * Calls share the conversation of the two numbers with their texts: one thread per pair.
 */
export const CONVERSATION_CHANNEL: Readonly<Record<Channel, ChannelKind>> = {
  sms: 'phone',
  email: 'email',
  voice: 'phone',
};

/** JetStream streams and the subjects they hold. */
export const Streams = {
  dispatch: { name: 'DISPATCH', subjects: ['dispatch.>'] },
  events: { name: 'EVENTS', subjects: ['events.>'] },
  /** Dispatch commands that exhausted their attempts, kept for inspection and replay. */
  deadLetter: { name: 'DEAD_LETTER', subjects: ['deadletter.>'] },
  /** Events for client apps (webhooks, the event stream): `clientevents.<tenant>.<type>`. */
  clientEvents: { name: 'CLIENT_EVENTS', subjects: ['clientevents.>'] },
} as const;

/** Subject builders: every subject in the system is spelled here and nowhere else. */
export const Subjects = {
  dispatch: (channel: Channel, partition: number) => `dispatch.${channel}.${partition}`,
  dispatchAll: (channel: Channel) => `dispatch.${channel}.*`,
  status: (partition: number) => `events.status.${partition}`,
  statusAll: 'events.status.*',
  inbound: (partition: number) => `events.inbound.${partition}`,
  inboundAll: 'events.inbound.*',
  deadLetter: (channel: Channel) => `deadletter.${channel}`,
  /** A client event's subject: the tenant first, so a tenant's events are one filter. */
  clientEvent: (tenantId: string, type: string) => `clientevents.${tenantId}.${type}`,
  clientEventsOf: (tenantId: string) => `clientevents.${tenantId}.>`,
  clientEventsAll: 'clientevents.>',
  /**
   * A dispatcher replica's periodic report of its providers' health (core NATS, not a stream:
   * only the latest report matters, and a missed one is replaced within an interval).
   */
  providerHealth: (channel: Channel) => `providerhealth.${channel}`,
  providerHealthAll: 'providerhealth.*',
} as const;

/** Request/reply subjects served by conversation-service (a NATS queue group). */
export const Rpc = {
  sendMessage: 'rpc.conversation.send-message',
  sendBatch: 'rpc.conversation.send-batch',
  getMessage: 'rpc.conversation.get-message',
  listMessages: 'rpc.conversation.list-messages',
  listMessageEvents: 'rpc.conversation.list-message-events',
  getConversation: 'rpc.conversation.get-conversation',
  listConversations: 'rpc.conversation.list-conversations',
  listConversationMessages: 'rpc.conversation.list-conversation-messages',
  searchConversations: 'rpc.conversation.search-conversations',
  authenticateApiKey: 'rpc.conversation.authenticate-api-key',
  getTenant: 'rpc.conversation.get-tenant',
  retryMessage: 'rpc.conversation.retry-message',
  createWebhookEndpoint: 'rpc.conversation.create-webhook-endpoint',
  listWebhookEndpoints: 'rpc.conversation.list-webhook-endpoints',
  getWebhookEndpoint: 'rpc.conversation.get-webhook-endpoint',
  updateWebhookEndpoint: 'rpc.conversation.update-webhook-endpoint',
  deleteWebhookEndpoint: 'rpc.conversation.delete-webhook-endpoint',
  rotateWebhookSecret: 'rpc.conversation.rotate-webhook-secret',
  listWebhookDeliveries: 'rpc.conversation.list-webhook-deliveries',
  retryWebhookDelivery: 'rpc.conversation.retry-webhook-delivery',
  replayWebhookEvents: 'rpc.conversation.replay-webhook-events',
  listSuppressions: 'rpc.conversation.list-suppressions',
  getSuppression: 'rpc.conversation.get-suppression',
  addSuppression: 'rpc.conversation.add-suppression',
  removeSuppression: 'rpc.conversation.remove-suppression',
  getCallContent: 'rpc.conversation.get-call-content',
  recordMedia: 'rpc.conversation.record-media',
  getMedia: 'rpc.conversation.get-media',
} as const;
export type RpcSubject = (typeof Rpc)[keyof typeof Rpc];

/** The queue group all conversation-service replicas share. */
export const CONVERSATION_SERVICE_QUEUE = 'conversation-service';
