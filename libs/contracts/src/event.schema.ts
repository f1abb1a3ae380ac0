import { z } from 'zod';
import {
  DEFAULT_MESSAGE_CATEGORY,
  Limits,
  MessageCategory,
  MessageStatus,
  MessageType,
  VoiceOptions,
} from './message.schema';
import { MediaScanStatus } from './media.schema';
import { RecipientSignal } from './suppression.schema';

/** `dispatch.<channel>.<partition>`: send this stored message through a provider. */
export const DispatchCommand = z.object({
  message_id: z.uuid(),
  tenant_id: z.string(),
  conversation_id: z.uuid(),
  type: MessageType,
  from: z.string(),
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  attachments: z.array(z.string()).max(Limits.mmsAttachments),
  accepted_at: z.string(),
  /** Position among the conversation's outbound messages (1, 2, …): dispatch follows it. */
  sequence: z.number().int().min(1),
  /** 0 for the first dispatch; n for the n-th manual retry, which is sent whenever it is asked for. */
  generation: z.number().int().min(0).default(0),
  /** How a call speaks (voice and voicemail); null for other types. */
  voice: VoiceOptions.nullish(),
  /** Marketing or transactional (one-click unsubscribe headers, quiet hours); absent: marketing. */
  category: MessageCategory.default(DEFAULT_MESSAGE_CATEGORY),
});
export type DispatchCommand = z.infer<typeof DispatchCommand>;

export const STATUS_SOURCES = ['dispatcher', 'webhook', 'sweeper'] as const;

/**
 * The event id of a step (`sending`, `sent`, …) of one dispatch generation of a message, as its
 * dispatcher reports it: a step heard twice, or recorded before its report arrives, is one record.
 */
export const dispatchStepEventId = (messageId: string, generation: number, step: string) =>
  generation === 0 ? `${messageId}:${step}` : `${messageId}:g${generation}:${step}`;

/** An event's time: ISO 8601 with an offset (`toISOString()` writes `Z`). */
const EventTime = z.iso.datetime({ offset: true });

/** `events.status.<partition>`: something happened to an outbound message. */
export const StatusEvent = z.object({
  /** Unique per event: consumers apply each once. */
  event_id: z.string().min(1).max(200),
  /** Our message id when the publisher knows it (dispatchers, custom_args); else matched by provider id. */
  message_id: z.uuid().nullable(),
  provider: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  status: MessageStatus,
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  /** When it happened, ISO 8601 with its offset: stored as a timestamp, so nothing else can pass. */
  occurred_at: EventTime,
  source: z.enum(STATUS_SOURCES),
  /** The dispatch generation a dispatcher's event belongs to; older generations are recorded only. */
  generation: z.number().int().min(0).nullable().default(null),
  /** What the event tells about the recipient (a hard bounce, a complaint, …), when anything. */
  recipient_signal: RecipientSignal.nullable().optional(),
  /** The provider's own status word (a call's `ringing`, `in-progress`, …), when it gave one. */
  provider_status: z.string().max(64).nullish(),
  /** Who answered a call (answering-machine detection's `human`, `machine_end_beep`, …). */
  answered_by: z.string().max(64).nullish(),
  /** A completed call's duration in seconds. */
  duration_seconds: z.number().int().min(0).nullish(),
  /**
   * A dispatcher held the message for the tenant's quiet hours (status `queued`, provider status
   * `held`): when it may go. conversation-service dispatches it again then.
   */
  hold_until: z.iso.datetime({ offset: true }).nullish(),
  /**
   * A dispatcher's outcome (`sent`, `failed`) of an attempt whose `sending` it did not report on
   * its own (the provider answered at once): that step's event id and time. conversation-service
   * records the `sending` step first, so the lifecycle is the same as with two events; an
   * attempt that outlasts `DISPATCH_SENDING_REPORT_MS` reports `sending` when that time is up.
   */
  sending_step: z
    .object({ event_id: z.string().min(1).max(200), occurred_at: EventTime })
    .nullish(),
});
export type StatusEvent = z.infer<typeof StatusEvent>;

export const CALL_OUTCOMES = ['voicemail', 'missed'] as const;
export const TRANSCRIPT_STATES = ['pending', 'completed', 'failed'] as const;

/**
 * What a call to one of our numbers left, kept in the message's `metadata.call`: a voicemail
 * (its recording, and its transcript once transcribed) or a missed call (the caller hung up
 * without speaking).
 */
export const InboundCallDetails = z.object({
  call_sid: z.string().min(1).max(64),
  outcome: z.enum(CALL_OUTCOMES),
  recording_url: z.string().max(Limits.urlChars).nullable(),
  duration_seconds: z.number().int().min(0).nullable(),
  /** `pending` until the transcription callback arrives; null for a missed call. */
  transcript: z.enum(TRANSCRIPT_STATES).nullable(),
});
export type InboundCallDetails = z.infer<typeof InboundCallDetails>;

/**
 * An inbound file webhook-ingest already stored (and scanned, unless clamd was away: `pending`)
 * while the provider's request was read — SendGrid Inbound Parse attachments. conversation-service
 * records it as a media of the tenant the message belongs to.
 */
export const InboundStoredFile = z.object({
  storage_key: z.string().min(1).max(512),
  name: z.string().max(255).nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  /** Sniffed from the bytes. */
  content_type: z.string().min(1).max(255),
  scan_status: MediaScanStatus,
  scan_signature: z.string().max(255).nullable(),
});
export type InboundStoredFile = z.infer<typeof InboundStoredFile>;

/** An inbound file that was not kept (a type or size the channel refuses), and why. */
export const InboundRefusedFile = z.object({
  name: z.string().max(255).nullable(),
  reason: z.string().max(500),
});
export type InboundRefusedFile = z.infer<typeof InboundRefusedFile>;

/**
 * `events.inbound.<partition>`: a provider delivered a message to one of our numbers/addresses.
 * Bounded like outbound messages, so no consumer ever handles unbounded text: the body at most
 * `Limits.inboundSmsBodyChars` (SMS/MMS) or `Limits.inboundEmailBodyChars` (email), the subject
 * `Limits.subjectChars`, each address `Limits.addressChars`.
 */
export const InboundMessageEvent = z
  .object({
    event_id: z.string().min(1).max(200),
    provider: z.string(),
    provider_message_id: z.string().nullable(),
    type: MessageType,
    from: z.string().max(Limits.addressChars),
    to: z.string().max(Limits.addressChars),
    subject: z.string().max(Limits.subjectChars).nullable(),
    body: z.string().max(Limits.inboundEmailBodyChars),
    attachments: z.array(z.string().max(Limits.urlChars)).max(Limits.emailAttachments),
    received_at: z.string(),
    /** Calls only: what the call left. Events of one call (same provider id) merge into one message. */
    call: InboundCallDetails.optional(),
    /** Files already stored by webhook-ingest (email attachments); their media ids replace them. */
    stored_files: z.array(InboundStoredFile).max(Limits.emailAttachments).optional(),
    /** Files received but not kept (refused type or size, over the count). */
    refused_files: z
      .array(InboundRefusedFile)
      .max(Limits.emailAttachments + 1)
      .optional(),
  })
  .refine((event) => event.type === 'email' || event.body.length <= Limits.inboundSmsBodyChars, {
    path: ['body'],
    message: `an inbound SMS or MMS body is at most ${Limits.inboundSmsBodyChars} characters`,
  });
export type InboundMessageEvent = z.infer<typeof InboundMessageEvent>;
