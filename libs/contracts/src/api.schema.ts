import { z } from 'zod';
import {
  ChannelKind,
  ConversationResource,
  Direction,
  Limits,
  MessageEventResource,
  MessageResource,
  MessageStatus,
  MessageCategory,
  MessageType,
  Metadata,
  storableText,
  VoiceOptions,
} from './message.schema';

// Every text field stops at its length limit (`abort`): nothing further reads an oversized text.
const Address = z
  .string()
  .trim()
  .min(1)
  .max(Limits.addressChars, { abort: true })
  .refine(...storableText);
const HttpsUrl = z
  .url({ protocol: /^https$/, message: 'must be an https URL' })
  .max(Limits.urlChars)
  .meta({ description: 'An https URL', examples: ['https://example.com/photo.jpg'] });
const MediaId = z.uuid().meta({
  description: 'The id of an uploaded media',
  examples: ['01a21c50-7f3e-7a4b-8c1d-2e3f4a5b6c7d'],
});
const IsoTimestamp = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' });

/** `POST /api/v1/messages/send`. */
export const SendMessageRequest = z
  .object({
    from: Address.meta({
      description:
        'Sender: an E.164 phone number (any common formatting) or an email address. It must be one your account has claimed (in production; `400` naming `from` otherwise), and never one another account has claimed',
      examples: ['+15551234567', 'team@example.com'],
    }),
    to: Address.meta({
      description: 'Recipient, of the same kind as `from`',
      examples: ['+1 (555) 987-6543', 'jane@example.com'],
    }),
    type: MessageType.optional().describe(
      'sms | mms | email | voice | voicemail. Inferred when omitted: email addresses mean email, attachments on a phone number mean mms, otherwise sms; calls are never inferred',
    ),
    body: z
      .string()
      .max(Limits.emailBodyBytes, { abort: true })
      .refine(...storableText)
      .meta({
        description: `Text (SMS/MMS, at most ${Limits.smsBodyChars} characters), HTML (email, at most ${Limits.emailBodyBytes} bytes; a plain-text alternative is derived from it), or the text a call speaks (voice/voicemail, at most ${Limits.voiceBodyChars} characters; may be empty when an audio file is played)`,
        examples: ['Your order has shipped', '<p>Welcome to <b>Acme</b></p>'],
      }),
    attachments: z
      .array(z.union([MediaId, HttpsUrl]))
      .max(Limits.mmsAttachments)
      .nullable()
      .optional()
      .describe(
        `Media (MMS, at most ${Limits.mmsAttachments}) or files (email, at most ${Limits.emailAttachments}): ids of uploaded media (\`POST /api/v1/media\`: scanned clean before the message goes out, handed to MMS providers as signed URLs and attached to email as files), or https URLs, fetched when the message is dispatched (through the same address checks as at acceptance, redirects included), stored and scanned like an upload and then handed on the same way; or the https URL of the one audio file a call plays instead of speaking the body (voice/voicemail). null means none`,
      ),
    subject: z
      .string()
      .max(Limits.subjectChars, { abort: true })
      .refine(...storableText)
      .optional()
      .meta({
        description: 'Email subject, on one line; only for email',
        examples: ['Welcome'],
      }),
    voice: VoiceOptions.optional(),
    category: MessageCategory.optional(),
    metadata: Metadata.optional().describe('A small JSON object stored and echoed back'),
    timestamp: IsoTimestamp.optional().meta({
      description: 'Client-side timestamp (ISO 8601 with an offset), stored and returned as given',
      examples: ['2024-11-01T14:00:00Z'],
    }),
  })
  .strict()
  .describe('A message to send. Unknown fields are refused.');
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** Compatible route `POST /api/messages/email`: no `type` field. */
export const CompatEmailRequest = SendMessageRequest.omit({ type: true }).describe(
  'An email to send, in the compatible API: the fields of the send request without `type`',
);
export type CompatEmailRequest = z.infer<typeof CompatEmailRequest>;

const PageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(Limits.pageSizeMax)
  .default(Limits.pageSizeDefault)
  .describe(`Items per page (1–${Limits.pageSizeMax})`);
const Cursor = z
  .string()
  .max(200)
  .optional()
  .describe("The previous page's `next_cursor`; omit it for the first page");

export const ListMessagesQuery = z
  .object({
    limit: PageLimit,
    cursor: Cursor,
    conversation_id: z.uuid().optional().describe('Only messages of this conversation'),
    status: MessageStatus.optional().describe('Only messages in this status'),
    type: MessageType.optional().describe('Only messages of this type'),
    direction: Direction.optional().describe('Only messages in this direction'),
    error_code: z
      .string()
      .regex(
        /^[\w.-]{1,64}(,[\w.-]{1,64}){0,9}$/,
        'must be up to 10 error codes (letters, digits, `_`, `.`, `-`), comma-separated',
      )
      .optional()
      .meta({
        description:
          'Only messages with one of these error codes, comma-separated. The dead letters — failed outbound messages whose retries were used up — are `status=failed&error_code=attempts_exhausted,max_deliveries`',
        examples: ['attempts_exhausted,max_deliveries'],
      }),
    since: IsoTimestamp.optional().meta({
      description: 'Only messages created at or after this instant (ISO 8601 with an offset)',
      examples: ['2024-11-01T00:00:00Z'],
    }),
    until: IsoTimestamp.optional().meta({
      description: 'Only messages created before this instant (ISO 8601 with an offset)',
      examples: ['2024-12-01T00:00:00Z'],
    }),
  })
  .strict();
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const ListConversationsQuery = z
  .object({
    limit: PageLimit,
    cursor: Cursor,
    participant: Address.optional().meta({
      description:
        'Only conversations with this participant: a phone number in any common formatting, or an email address',
      examples: ['+1 (555) 123-4567'],
    }),
    channel: ChannelKind.optional().describe(
      'Only conversations of this kind: `phone` (SMS, MMS, calls and voicemail) or `email`',
    ),
  })
  .strict();
export type ListConversationsQuery = z.infer<typeof ListConversationsQuery>;

export const PageQuery = z.object({ limit: PageLimit, cursor: Cursor }).strict();
export type PageQuery = z.infer<typeof PageQuery>;

export const SearchConversationsRequest = z
  .object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine(...storableText)
      .meta({
        description:
          'Words to find in message bodies and subjects; web-search syntax: "a phrase", `or`, `-excluded`',
        examples: ['shipped'],
      }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(Limits.pageSizeMax)
      .default(20)
      .describe(`Conversations to return (1–${Limits.pageSizeMax})`),
  })
  .strict()
  .describe('A full-text search over the messages of every conversation');
export type SearchConversationsRequest = z.infer<typeof SearchConversationsRequest>;

export const IdParam = z.object({
  id: z.uuid({ message: 'must be a UUID' }).describe('The id (a UUID)'),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item).describe('This page of items'),
    next_cursor: z
      .string()
      .nullable()
      .describe('Pass it as `cursor` for the next page; null on the last page'),
  });
}
export const MessagePage = pageOf(MessageResource);
export type MessagePage = z.infer<typeof MessagePage>;
export const ConversationPage = pageOf(ConversationResource);
export type ConversationPage = z.infer<typeof ConversationPage>;
export const MessageEventList = z.object({
  data: z.array(MessageEventResource).describe('Every event, oldest first'),
});
export type MessageEventList = z.infer<typeof MessageEventList>;

export const SearchResult = z.object({
  data: z
    .array(
      z.object({
        conversation: ConversationResource,
        messages: z
          .array(MessageResource)
          .describe(
            'Its matching messages, newest first: up to five, fewer (or none) once the answer holds 512 KiB of messages — every conversation’s newest match comes before any conversation’s second',
          ),
      }),
    )
    .describe('Matching conversations, the most recently matched first; empty when none match'),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** RFC 9457 problem details, with the offending fields when validation failed. */
export const Problem = z
  .object({
    type: z.string().meta({
      description: 'A URI naming the kind of problem',
      examples: ['urn:switchboard:problem:validation_failed'],
    }),
    title: z.string().meta({
      description: 'A short summary of the kind of problem',
      examples: ['Validation failed'],
    }),
    status: z
      .number()
      .int()
      .meta({ description: 'The HTTP status code', examples: [400] }),
    detail: z.string().optional().describe('What went wrong with this request'),
    instance: z.string().optional().describe('The path of the request'),
    errors: z
      .array(
        z.object({
          field: z.string().meta({
            description: 'The offending field, as a dotted path (`attachments.0`)',
            examples: ['body'],
          }),
          message: z.string().meta({
            description: 'What is wrong with it',
            examples: ['must be at most 1600 characters'],
          }),
        }),
      )
      .optional()
      .describe('Each offending field, when the request failed validation'),
  })
  .describe('RFC 9457 problem details, served as `application/problem+json`');
export type Problem = z.infer<typeof Problem>;

/** Messages one `POST /api/v1/messages/batch` takes at most. */
export const BATCH_MAX_MESSAGES = 1000;

/** `POST /api/v1/messages/batch`: many sends in one request, each validated and answered on its own. */
export const SendBatchRequest = z
  .object({
    messages: z
      .array(SendMessageRequest)
      .min(1)
      .max(BATCH_MAX_MESSAGES)
      .describe(
        `The messages to send (1–${BATCH_MAX_MESSAGES}), each like the body of \`POST /api/v1/messages/send\`. Each is validated on its own: an invalid one is answered with its problem and does not hold the others back`,
      ),
  })
  .strict()
  .describe('Messages to send in one request');
export type SendBatchRequest = z.infer<typeof SendBatchRequest>;

const BatchIndex = z
  .number()
  .int()
  .min(0)
  .meta({ description: 'The position of the message in `messages`, from 0', examples: [0] });

/** One message's answer in a batch: stored (`201`) or refused with its problem. */
export const SendBatchItemResult = z.union([
  z
    .object({
      index: BatchIndex,
      status: z.literal(201).describe('`201`: stored and queued for dispatch'),
      message: MessageResource,
    })
    .describe('A message stored and queued for dispatch'),
  z
    .object({
      index: BatchIndex,
      status: z
        .number()
        .int()
        .min(400)
        .max(599)
        .meta({
          description: 'The HTTP status this message alone would have had',
          examples: [400],
        }),
      problem: Problem,
    })
    .describe('A message that was not stored, and why'),
]);
export type SendBatchItemResult = z.infer<typeof SendBatchItemResult>;

export const SendBatchResponse = z
  .object({
    results: z
      .array(SendBatchItemResult)
      .describe('One result per message, in the order of `messages`'),
  })
  .describe('What became of each message of a batch');
export type SendBatchResponse = z.infer<typeof SendBatchResponse>;
