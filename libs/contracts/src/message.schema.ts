import { z } from 'zod';

export const MESSAGE_TYPES = ['sms', 'mms', 'email'] as const;
export const MessageType = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof MessageType>;

export const DIRECTIONS = ['outbound', 'inbound'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'received',
] as const;
export const MessageStatus = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const ENCODINGS = ['GSM-7', 'UCS-2'] as const;
export const Encoding = z.enum(ENCODINGS);
export type Encoding = z.infer<typeof Encoding>;

/** Bounds shared by the API schemas and the database. */
export const Limits = {
  smsBodyChars: 1600,
  emailBodyBytes: 256 * 1024,
  mmsAttachments: 10,
  emailAttachments: 10,
  urlChars: 2048,
  addressChars: 320,
  subjectChars: 998,
  metadataBytes: 4096,
  pageSizeMax: 100,
  pageSizeDefault: 25,
} as const;

export const Metadata = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => JSON.stringify(value).length <= Limits.metadataBytes, {
    message: `metadata must serialise to at most ${Limits.metadataBytes} bytes`,
  });

/** A message as the API returns it. */
export const MessageResource = z.object({
  id: z.uuid(),
  conversation_id: z.uuid(),
  direction: Direction,
  type: MessageType,
  from: z.string(),
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  attachments: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  status: MessageStatus,
  provider: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  encoding: Encoding.nullable(),
  segments: z.number().int().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  timestamp: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type MessageResource = z.infer<typeof MessageResource>;

/** One step of a message's lifecycle. */
export const MessageEventResource = z.object({
  id: z.string(),
  message_id: z.uuid(),
  status: MessageStatus,
  provider: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  applied: z.boolean(),
  occurred_at: z.string(),
  recorded_at: z.string(),
});
export type MessageEventResource = z.infer<typeof MessageEventResource>;

export const CHANNEL_KINDS = ['phone', 'email'] as const;
export const ChannelKind = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKind>;

/** A conversation as the API returns it. */
export const ConversationResource = z.object({
  id: z.uuid(),
  channel: ChannelKind,
  participants: z.tuple([z.string(), z.string()]),
  message_count: z.number().int(),
  last_message_at: z.string().nullable(),
  last_message_preview: z.string().nullable(),
  created_at: z.string(),
});
export type ConversationResource = z.infer<typeof ConversationResource>;

/** Statuses only move forward; the rank orders them. Terminal siblings share a rank. */
export const STATUS_RANK: Readonly<Record<MessageStatus, number>> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  read: 4,
  received: 5,
};

/** Whether a message in `current` may move to `next` (forward-only state machine). */
export function canTransition(current: MessageStatus, next: MessageStatus): boolean {
  if (current === 'received' || next === 'received') return false;
  if (next === 'read') return current === 'delivered' || current === 'sent';
  if (current === 'read') return false;
  return STATUS_RANK[next] > STATUS_RANK[current];
}
