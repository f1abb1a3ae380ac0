import { z } from 'zod';

export const MESSAGE_TYPES = ['sms', 'mms', 'email', 'voice', 'voicemail'] as const;
export const MessageType = z
  .enum(MESSAGE_TYPES)
  .describe(
    "The channel: `sms`, `mms` (an SMS with media), `email`, `voice` (a call that speaks the body or plays an audio file) or `voicemail` (sent: a call that leaves its content after the answering machine's beep; received: a recorded message a caller left)",
  );
export type MessageType = z.infer<typeof MessageType>;

export const DIRECTIONS = ['outbound', 'inbound'] as const;
export const Direction = z
  .enum(DIRECTIONS)
  .describe('`outbound` (sent through this API) or `inbound` (received from a provider)');
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
export const MessageStatus = z
  .enum(MESSAGE_STATUSES)
  .describe(
    'Where the message is in its lifecycle. Outbound: `queued` → `sending` → `sent` → `delivered` | `undelivered` | `failed`, and `read` after delivery; inbound messages are `received`. A status never moves backwards.',
  );
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MESSAGE_CATEGORIES = ['marketing', 'transactional'] as const;
/**
 * What kind of message an outbound one is, for consent rules. `marketing` (the default) email
 * carries one-click unsubscribe headers, and marketing SMS/MMS wait out the tenant's quiet hours;
 * `transactional` messages (receipts, one-time codes, alerts the recipient asked for) do neither.
 * Opt-outs and suppressions (bounces, complaints) hold for both.
 */
export const MessageCategory = z
  .enum(MESSAGE_CATEGORIES)
  .describe(
    "`marketing` (the default: email carries one-click unsubscribe headers, SMS/MMS wait out the tenant's quiet hours) or `transactional` (receipts, one-time codes, alerts the recipient asked for: neither). Opt-outs, bounces and complaints hold for both",
  );
export type MessageCategory = z.infer<typeof MessageCategory>;
/** The category of a send that names none. */
export const DEFAULT_MESSAGE_CATEGORY: MessageCategory = 'marketing';

export const ENCODINGS = ['GSM-7', 'UCS-2'] as const;
export const Encoding = z
  .enum(ENCODINGS)
  .describe(
    'SMS character set: `GSM-7` (160 characters in one segment, 153 per segment when split) or `UCS-2` when the text needs characters outside GSM-7, such as emoji (70, or 67 per segment)',
  );
export type Encoding = z.infer<typeof Encoding>;

/** Bounds shared by the API schemas and the database. */
export const Limits = {
  smsBodyChars: 1600,
  /**
   * Text a call speaks: Twilio's `<Say>` takes at most 4,096 characters and inline instructions
   * at most 4,000; this leaves room for the markup around it.
   */
  voiceBodyChars: 3000,
  emailBodyBytes: 256 * 1024,
  /**
   * The most of an inbound message's body that is kept (the outbound limits): a provider may
   * deliver more — an Inbound Parse post can carry 30 MiB — and webhook-ingest keeps the start.
   */
  inboundSmsBodyChars: 1600,
  inboundEmailBodyChars: 256 * 1024,
  mmsAttachments: 10,
  emailAttachments: 10,
  urlChars: 2048,
  addressChars: 320,
  subjectChars: 998,
  metadataBytes: 4096,
  pageSizeMax: 100,
  pageSizeDefault: 25,
} as const;

// NUL cannot be stored in PostgreSQL text or jsonb, and an unpaired surrogate would be stored
// as U+FFFD (changed) or refused by jsonb: both are refused at the edge instead of failing later.
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether a string can be stored as it is (no NUL, no unpaired surrogate). */
export function isStorableText(value: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return !UNSTORABLE.test(value);
}

/** The string with NUL and unpaired surrogates replaced by U+FFFD, so it can be stored. */
export function toStorableText(value: string): string {
  return isStorableText(value) ? value : value.replace(UNSTORABLE, '\ufffd');
}

/** Whether every string (and key) inside a JSON value is storable. */
function isStorableJson(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (value && typeof value === 'object') {
    return Object.entries(value).every(([k, v]) => isStorableText(k) && isStorableJson(v));
  }
  return true;
}

/** A string refinement refusing NUL and unpaired surrogates. */
export const storableText = [
  isStorableText,
  { message: 'must not contain NUL characters or unpaired surrogates' },
] as const;

export const Metadata = z
  .record(z.string().max(64), z.unknown())
  .refine((value) => JSON.stringify(value).length <= Limits.metadataBytes, {
    message: `metadata must serialise to at most ${Limits.metadataBytes} bytes`,
  })
  .refine(isStorableJson, { message: 'must not contain NUL characters or unpaired surrogates' })
  .meta({
    description: `Your own JSON object (keys of at most 64 characters, at most ${Limits.metadataBytes} bytes serialised), stored and echoed back`,
    examples: [{ order_id: 'A-1001' }],
  });

// Shared by the resources below, so every example in the API reference tells one story.
const EXAMPLE_MESSAGE_ID = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';
const EXAMPLE_CONVERSATION_ID = '0192f0c4-7d00-7a11-8b22-3c4d5e6f7a8b';
const EXAMPLE_TIME = '2024-11-01T14:00:00.123Z';
const InstantString = (description: string) =>
  z.string().meta({ description, format: 'date-time', examples: [EXAMPLE_TIME] });

export const ON_HUMAN = ['play', 'hangup'] as const;

/** How a call speaks: the text-to-speech language and voice, and what a voicemail drop does. */
export const VoiceOptions = z
  .object({
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag, e.g. en-US')
      .max(35)
      .optional()
      .meta({ description: 'The text-to-speech language (BCP 47)', examples: ['en-US'] }),
    voice: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a provider voice name, e.g. alice or Polly.Joanna')
      .optional()
      .meta({ description: "The provider's text-to-speech voice", examples: ['alice'] }),
    on_human: z
      .enum(ON_HUMAN)
      .default('play')
      .describe(
        'For a voicemail drop: what a person who answers instead of a machine gets: the content (`play`, the default) or a hang-up (`hangup`; the message then fails with `answered_by_human`)',
      ),
  })
  .strict()
  .describe('Voice and voicemail options; only for `voice` and `voicemail` messages');
export type VoiceOptions = z.infer<typeof VoiceOptions>;

/** A message as the API returns it. */
export const MessageResource = z
  .object({
    id: z.uuid().meta({
      description: 'The message id (UUIDv7: ids sort by creation time)',
      examples: [EXAMPLE_MESSAGE_ID],
    }),
    conversation_id: z.uuid().meta({
      description: 'The conversation the message was threaded into',
      examples: [EXAMPLE_CONVERSATION_ID],
    }),
    direction: Direction,
    type: MessageType,
    from: z.string().meta({
      description: 'Sender, normalised: an E.164 phone number or a lower-cased email address',
      examples: ['+15551234567'],
    }),
    to: z.string().meta({
      description: 'Recipient, normalised like `from`',
      examples: ['+15559876543'],
    }),
    subject: z.string().nullable().describe('Email subject; null for SMS and MMS'),
    body: z.string().meta({
      description: 'The text (SMS/MMS) or HTML (email), as sent',
      examples: ['Your order has shipped'],
    }),
    attachments: z
      .array(z.string())
      .describe(
        'Outbound: the media ids or URLs sent. Inbound MMS and email: media ids (`GET /api/v1/media/{id}`) of the files received, each stored and scanned before the message appears. Empty when there are none',
      ),
    metadata: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        "Outbound: the `metadata` object sent with the message, or null. Inbound: what we noted about it, or null — `media.quarantined` lists attachments scanned infected (`{attachment, media_id, scan, signature}`: kept, never served), `media.refused` files not kept (`{name, reason}`); `call` a call's outcome",
      ),
    category: MessageCategory.nullable().describe(
      'Outbound: `marketing` or `transactional`, as sent (the default `marketing` when the send named none); null for inbound messages',
    ),
    status: MessageStatus,
    provider: z
      .string()
      .nullable()
      .meta({
        description: 'The provider that took the message (`twilio`, `sendgrid`); null until sent',
        examples: ['twilio'],
      }),
    provider_message_id: z
      .string()
      .nullable()
      .meta({
        description:
          "The provider's id for the message (Twilio `SM…` or call `CA…` sid, SendGrid message id)",
        examples: ['SM0123456789abcdef0123456789abcdef'],
      }),
    encoding: Encoding.nullable().describe('SMS/MMS character set; null for email'),
    segments: z
      .number()
      .int()
      .nullable()
      .describe('SMS/MMS segments the body takes (what carriers bill); null for email'),
    error_code: z
      .string()
      .nullable()
      .describe("The provider's error code when the message failed or was undelivered"),
    error_message: z.string().nullable().describe('A readable explanation of `error_code`'),
    voice: VoiceOptions.nullable().describe('The voice options of a call; null for other types'),
    answered_by: z
      .string()
      .nullable()
      .meta({
        description:
          "Who answered a call, as the provider's answering-machine detection reported it (`human`, `machine_end_beep`, …); null until known and for other types",
        examples: ['human'],
      }),
    duration_seconds: z
      .number()
      .int()
      .nullable()
      .describe('How long a call lasted, once it completed; null otherwise'),
    timestamp: z
      .string()
      .nullable()
      .describe('The client-side `timestamp` sent with the message, exactly as given; or null'),
    created_at: InstantString('When the message was accepted (ISO 8601, UTC)'),
    updated_at: InstantString('When the message last changed, e.g. its status (ISO 8601, UTC)'),
  })
  .describe('A message as the API returns it');
export type MessageResource = z.infer<typeof MessageResource>;

/** One step of a message's lifecycle. */
export const MessageEventResource = z
  .object({
    id: z.string().meta({
      description: 'The event id; each event is recorded once',
      examples: [`${EXAMPLE_MESSAGE_ID}:sent`],
    }),
    message_id: z.uuid().meta({ description: 'The message', examples: [EXAMPLE_MESSAGE_ID] }),
    status: MessageStatus,
    provider: z.string().nullable().describe('The provider that reported the event, if any'),
    provider_message_id: z.string().nullable().describe("The provider's id for the message"),
    error_code: z.string().nullable().describe("The provider's error code, for failures"),
    error_message: z.string().nullable().describe('A readable explanation of `error_code`'),
    provider_status: z
      .string()
      .nullable()
      .describe("The provider's own status word (a call's `ringing`, `in-progress`, …), if any"),
    answered_by: z.string().nullable().describe('Who answered a call, when the event says'),
    duration_seconds: z
      .number()
      .int()
      .nullable()
      .describe("The call's duration, when the event says"),
    applied: z
      .boolean()
      .describe(
        'Whether the event changed the message status; false when it arrived late and would have moved the status backwards',
      ),
    occurred_at: InstantString('When it happened, as its source reports (ISO 8601, UTC)'),
    recorded_at: InstantString('When Switchboard recorded it (ISO 8601, UTC)'),
  })
  .describe("One step of a message's lifecycle");
export type MessageEventResource = z.infer<typeof MessageEventResource>;

export const CHANNEL_KINDS = ['phone', 'email'] as const;
export const ChannelKind = z
  .enum(CHANNEL_KINDS)
  .describe(
    '`phone` (SMS, MMS, calls and voicemail between two numbers) or `email` (between two addresses)',
  );
export type ChannelKind = z.infer<typeof ChannelKind>;

/** A conversation as the API returns it. */
export const ConversationResource = z
  .object({
    id: z.uuid().meta({ description: 'The conversation id', examples: [EXAMPLE_CONVERSATION_ID] }),
    channel: ChannelKind,
    participants: z.tuple([z.string(), z.string()]).meta({
      description: 'The two normalised participants (E.164 numbers or email addresses), sorted',
      examples: [['+15551234567', '+15559876543']],
    }),
    message_count: z.number().int().describe('Messages in the conversation, both directions'),
    last_message_at: z
      .string()
      .nullable()
      .meta({
        description: 'When the latest message was stored (ISO 8601, UTC)',
        format: 'date-time',
        examples: [EXAMPLE_TIME],
      }),
    last_message_preview: z
      .string()
      .nullable()
      .meta({
        description: 'The start of the latest message (HTML tags removed for email)',
        examples: ['Your order has shipped'],
      }),
    created_at: InstantString('When the first message created it (ISO 8601, UTC)'),
  })
  .describe('A conversation: every message between the same two participants on one channel');
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
