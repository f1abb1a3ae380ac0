import { z } from 'zod';
import type { MessageStatus } from '../message.schema';
import { knownOrOther, tolerated } from './webhook-fields';

/** What each SendGrid event type Switchboard acts on means for the message in Switchboard. */
export const SENDGRID_EVENT_MEANING = {
  processed: 'sent',
  delivered: 'delivered',
  bounce: 'undelivered',
  blocked: 'undelivered',
  dropped: 'failed',
  open: 'read',
  click: 'read',
  // A complaint or an unsubscribe means the mail arrived; each also suppresses the address.
  spamreport: 'delivered',
  unsubscribe: 'delivered',
  group_unsubscribe: 'delivered',
} as const satisfies Readonly<Record<string, MessageStatus>>;

/** The SendGrid event types Switchboard acts on; webhook-ingest acknowledges and logs any other. */
export const SENDGRID_EVENT_TYPES = Object.keys(SENDGRID_EVENT_MEANING) as [
  keyof typeof SENDGRID_EVENT_MEANING,
  ...(keyof typeof SENDGRID_EVENT_MEANING)[],
];

const meaning = Object.entries(SENDGRID_EVENT_MEANING)
  .map(([event, ours]) => `\`${event}\` → \`${ours}\``)
  .join(', ');

/** A SendGrid event type Switchboard acts on. */
export const SendGridEventType = z.enum(SENDGRID_EVENT_TYPES).meta({
  description: `An event Switchboard acts on, and the status it gives the message: ${meaning}`,
});
export type SendGridEventType = z.infer<typeof SendGridEventType>;

/** Our message id as we sent it in the custom args (a UUID, in any case). */
const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_CHARS = 36;
/** A dispatch generation as we sent it in the custom args: decimal digits. */
const GENERATION = /^\d{1,9}$/;

/**
 * One SendGrid Event Webhook event. Open: SendGrid adds fields and echoes the custom args of the
 * send, so any other field is accepted. A field Switchboard reads is bounded and must have its
 * documented type; our custom args are read only when they are well-formed (otherwise the event
 * is matched by SendGrid's message id alone).
 */
export const SendGridEvent = z
  .object({
    event: knownOrOther(
      SendGridEventType,
      z.string().max(64).meta({
        description: 'Any other event (`deferred`, …): acknowledged and logged only',
      }),
    ).meta({ description: 'What happened', examples: ['delivered'] }),
    sg_event_id: z
      .string()
      .min(1)
      .max(200)
      .meta({
        description: 'Unique per event; a repeated event is applied once',
        examples: ['ZGVsaXZlcmVkLTAtMTIzNDU2Nzg5'],
      }),
    sg_message_id: z
      .string()
      .max(500)
      .optional()
      .meta({
        description: "SendGrid's message id (the `X-Message-Id` of the send, plus a suffix)",
        examples: ['14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0'],
      }),
    // Unix seconds up to the year 9999: anything else cannot be a date.
    timestamp: z
      .number()
      .min(0)
      .max(253_402_300_799)
      .optional()
      .meta({ description: 'When it happened (Unix time)', examples: [1730469600] }),
    reason: z.string().max(2000).optional().describe('`bounce`, `dropped`, `deferred`: why'),
    status: z.string().max(64).optional().describe('`bounce`: the SMTP status code'),
    type: z.string().max(64).optional().describe('`bounce`: `bounce` or `blocked`'),
    switchboard_message_id: tolerated(
      z.string().max(UUID_CHARS, { abort: true }).regex(MESSAGE_ID),
    ).meta({
      description: 'Our message id, sent to SendGrid as a custom arg and echoed back',
      examples: ['0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e'],
    }),
    switchboard_generation: tolerated(z.string().max(9, { abort: true }).regex(GENERATION)).meta({
      description: 'The dispatch attempt the event is about (`0` for the first), a custom arg',
      examples: ['0'],
    }),
    email: tolerated(z.string()).meta({
      description: 'The recipient',
      examples: ['jane@example.com'],
    }),
    response: tolerated(z.string()).describe('`delivered`, `deferred`: the receiving server reply'),
  })
  .catchall(z.unknown())
  .describe('One SendGrid event; other SendGrid fields are accepted too');
export type SendGridEvent = z.infer<typeof SendGridEvent>;

/** The most events of one Event Webhook post (SendGrid batches far fewer). */
export const SENDGRID_MAX_BATCH_EVENTS = 10_000;

export const SendGridEventBatch = z
  .array(SendGridEvent)
  .max(SENDGRID_MAX_BATCH_EVENTS)
  .describe('A batch of SendGrid events, as the Event Webhook posts them');
export type SendGridEventBatch = z.infer<typeof SendGridEventBatch>;
