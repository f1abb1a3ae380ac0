import { z } from 'zod';
import { Limits } from '../message.schema';
import { TwilioMessageStatus } from './twilio-status';
import { knownOrOther, requiredText } from './webhook-fields';

/** `MessageStatus` or `SmsStatus`: a status Switchboard acts on, or one it acknowledges only. */
const ReportedStatus = knownOrOther(
  TwilioMessageStatus,
  z.string().meta({
    description:
      'Any other status (one Twilio adds later; compared without regard to case): acknowledged and ignored',
  }),
);

/**
 * Twilio's form parameters, posted to one URL for both kinds of webhook: a status callback for a
 * message we sent, or an incoming SMS/MMS (status `received`, or no status and a `Body`). Each
 * parameter is one string (a repeated one counts with its first value). Open: Twilio adds
 * parameters over time, and every one it sends is signed, so none is refused.
 *
 * Only `MessageSid` is required of every webhook; an incoming message also needs `From` and
 * `To`, which webhook-ingest checks once it knows the kind. Addresses are bounded there too
 * (`Limits.addressChars`), and inbound text is cut to its limits rather than refused.
 */
export const TwilioWebhookForm = z
  .object({
    MessageSid: requiredText('MessageSid').meta({
      description: "Twilio's id for the message",
      examples: ['SM0123456789abcdef0123456789abcdef'],
    }),
    AccountSid: z
      .string()
      .optional()
      .meta({
        description: 'The Twilio account',
        examples: ['AC0123456789abcdef0123456789abcdef'],
      }),
    From: z
      .string()
      .optional()
      .meta({
        description:
          'Sender (E.164, a short code or an alphanumeric sender id); required of incoming messages',
        examples: ['+15559876543'],
      }),
    To: z
      .string()
      .optional()
      .meta({
        description: 'Recipient (E.164); required of incoming messages',
        examples: ['+15551234567'],
      }),
    MessageStatus: ReportedStatus.optional().meta({
      description:
        'Status callbacks: the new status of a message we sent; incoming messages: `received`',
      examples: ['delivered'],
    }),
    SmsStatus: ReportedStatus.optional().describe(
      'The older name of `MessageStatus`, which Twilio still sends; read when `MessageStatus` is absent',
    ),
    ErrorCode: z.string().optional().describe('Status callbacks: Twilio error code of a failure'),
    ErrorMessage: z.string().optional().describe('Status callbacks: the error, in words'),
    Body: z.string().optional().describe('Incoming messages: the text'),
    NumMedia: z
      .string()
      .optional()
      .describe(
        `Incoming messages: how many media files (\`0\`–\`${Limits.mmsAttachments}\`; more are not read)`,
      ),
    MediaUrl0: z
      .string()
      .optional()
      .describe('Incoming MMS: URL of the first media file (`MediaUrl1`, … for the others)'),
    MediaContentType0: z
      .string()
      .optional()
      .describe('Incoming MMS: content type of the first media file'),
  })
  .catchall(z.string())
  .describe('Twilio webhook parameters (form-encoded); other Twilio parameters are accepted too');
export type TwilioWebhookForm = z.infer<typeof TwilioWebhookForm>;
