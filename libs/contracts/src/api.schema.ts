import { z } from 'zod';
import {
  ConversationResource,
  Direction,
  Limits,
  MessageEventResource,
  MessageResource,
  MessageStatus,
  MessageType,
  Metadata,
} from './message.schema';

const Address = z.string().trim().min(1).max(Limits.addressChars);
const HttpsUrl = z
  .url({ protocol: /^https$/, message: 'must be an https URL' })
  .max(Limits.urlChars);
const IsoTimestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' });

/** `POST /api/v1/messages/send`. */
export const SendMessageRequest = z
  .object({
    from: Address.describe(
      'Sender: an E.164 phone number (any common formatting) or an email address',
    ),
    to: Address.describe('Recipient, of the same kind as `from`'),
    type: MessageType.optional().describe(
      'sms | mms | email. Inferred when omitted: email addresses mean email, attachments on a phone number mean mms, otherwise sms',
    ),
    body: z
      .string()
      .max(Limits.emailBodyBytes)
      .describe('Text (SMS/MMS, at most 1600 characters) or HTML (email)'),
    attachments: z
      .array(HttpsUrl)
      .max(Limits.mmsAttachments)
      .nullable()
      .optional()
      .describe('https URLs of media (MMS) or files (email)'),
    subject: z.string().max(Limits.subjectChars).optional().describe('Email subject'),
    metadata: Metadata.optional().describe('A small JSON object stored and echoed back'),
    timestamp: IsoTimestamp.optional().describe('Client-side timestamp, stored as given'),
  })
  .strict();
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** Compatible route `POST /api/messages/email`: no `type` field. */
export const CompatEmailRequest = SendMessageRequest.omit({ type: true });
export type CompatEmailRequest = z.infer<typeof CompatEmailRequest>;

const PageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(Limits.pageSizeMax)
  .default(Limits.pageSizeDefault);
const Cursor = z.string().max(200).optional();

export const ListMessagesQuery = z
  .object({
    limit: PageLimit,
    cursor: Cursor,
    conversation_id: z.uuid().optional(),
    status: MessageStatus.optional(),
    type: MessageType.optional(),
    direction: Direction.optional(),
    since: IsoTimestamp.optional(),
    until: IsoTimestamp.optional(),
  })
  .strict();
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const ListConversationsQuery = z
  .object({
    limit: PageLimit,
    cursor: Cursor,
    participant: Address.optional(),
  })
  .strict();
export type ListConversationsQuery = z.infer<typeof ListConversationsQuery>;

export const PageQuery = z.object({ limit: PageLimit, cursor: Cursor }).strict();
export type PageQuery = z.infer<typeof PageQuery>;

export const SearchConversationsRequest = z
  .object({
    query: z.string().trim().min(1).max(200),
    limit: z.number().int().min(1).max(Limits.pageSizeMax).default(20),
  })
  .strict();
export type SearchConversationsRequest = z.infer<typeof SearchConversationsRequest>;

export const IdParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}
export const MessagePage = pageOf(MessageResource);
export type MessagePage = z.infer<typeof MessagePage>;
export const ConversationPage = pageOf(ConversationResource);
export type ConversationPage = z.infer<typeof ConversationPage>;
export const MessageEventList = z.object({ data: z.array(MessageEventResource) });
export type MessageEventList = z.infer<typeof MessageEventList>;

export const SearchResult = z.object({
  data: z.array(
    z.object({ conversation: ConversationResource, messages: z.array(MessageResource) }),
  ),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** RFC 9457 problem details, with the offending fields when validation failed. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
