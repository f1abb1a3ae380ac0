import { z } from 'zod';
import {
  BATCH_MAX_MESSAGES,
  ListConversationsQuery,
  ListMessagesQuery,
  PageQuery,
  SearchConversationsRequest,
} from './api.schema';
import {
  DEFAULT_MESSAGE_CATEGORY,
  Encoding,
  MessageCategory,
  MessageResource,
  MessageType,
  VoiceOptions,
} from './message.schema';
import { RpcError } from './errors';

/** A send, validated and normalised at the edge, on its way to conversation-service. */
export const SendMessageCommand = z.object({
  tenant_id: z.string(),
  type: MessageType,
  from: z.string(),
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  attachments: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  timestamp: z.string().nullable(),
  encoding: Encoding.nullable(),
  segments: z.number().int().nullable(),
  /** How a call speaks (voice and voicemail); null or absent for other types. */
  voice: VoiceOptions.nullable().optional(),
  /** Marketing or transactional; commands from before categories are marketing. */
  category: MessageCategory.default(DEFAULT_MESSAGE_CATEGORY),
  /**
   * The client's `Idempotency-Key`, scoped by the gateway to the route (and, in a batch, to the
   * message's place): a command whose key the tenant already used answers the stored message.
   */
  idempotency_key: z.string().max(600).nullable().optional(),
});
export type SendMessageCommand = z.infer<typeof SendMessageCommand>;

/** Many sends at once (the bulk endpoint), stored together; each is answered on its own. */
export const SendBatchCommand = z.object({
  commands: z.array(SendMessageCommand).min(1).max(BATCH_MAX_MESSAGES),
});
export type SendBatchCommand = z.infer<typeof SendBatchCommand>;

const Tenant = z.object({ tenant_id: z.string() });

export const GetByIdQuery = Tenant.extend({ id: z.uuid() });
export type GetByIdQuery = z.infer<typeof GetByIdQuery>;
export const ListMessagesRpc = Tenant.extend(ListMessagesQuery.shape);
export type ListMessagesRpc = z.infer<typeof ListMessagesRpc>;
export const ListConversationsRpc = Tenant.extend(ListConversationsQuery.shape);
export type ListConversationsRpc = z.infer<typeof ListConversationsRpc>;
export const ListConversationMessagesRpc = Tenant.extend({ id: z.uuid() }).extend(PageQuery.shape);
export type ListConversationMessagesRpc = z.infer<typeof ListConversationMessagesRpc>;
export const SearchConversationsRpc = Tenant.extend(SearchConversationsRequest.shape);
export type SearchConversationsRpc = z.infer<typeof SearchConversationsRpc>;

/** The outcome of each command of a SendBatchCommand, in order: the stored message, or an error. */
export const SendBatchReply = z.object({
  results: z.array(
    z.union([
      z.object({ ok: z.literal(true), message: MessageResource }),
      z.object({ ok: z.literal(false), error: RpcError }),
    ]),
  ),
});
export type SendBatchReply = z.infer<typeof SendBatchReply>;

/** Every RPC reply: the result, or an error with a stable code. */
export const RpcReply = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcError }),
]);
export type RpcReply = z.infer<typeof RpcReply>;

/**
 * What a call says, asked by webhook-ingest when a provider requests the call's instructions:
 * the provider names our message (in the signed URL it was given), not the tenant.
 */
export const GetCallContentQuery = z.object({ message_id: z.uuid() });
export type GetCallContentQuery = z.infer<typeof GetCallContentQuery>;

/** The content of a call: its text or audio file, and its voice options. */
export const CallContentReply = z.object({
  type: z.enum(['voice', 'voicemail']),
  body: z.string(),
  attachments: z.array(z.string()),
  voice: VoiceOptions.nullable(),
});
export type CallContentReply = z.infer<typeof CallContentReply>;
