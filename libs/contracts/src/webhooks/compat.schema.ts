import { z } from 'zod';
import { Limits } from '../message.schema';

/*
 * The inbound webhooks of the widely used take-home messaging API, `POST /api/webhooks/sms` and
 * `/api/webhooks/email`: JSON from a generic provider. Fields not listed are ignored.
 */

const Attachments = (max: number) =>
  z
    .array(z.string().max(Limits.urlChars))
    .max(max)
    .nullable()
    .optional()
    .meta({ description: 'Media or file URLs; null or left out for none', examples: [null] });

/** Longer than any ISO 8601 time a provider writes; bounds the text before its pattern reads it. */
const TIMESTAMP_CHARS = 64;

const Timestamp = z
  .string()
  .max(TIMESTAMP_CHARS, { abort: true })
  .check(z.iso.datetime({ offset: true }))
  .optional()
  .meta({
    description: 'When the provider received it (ISO 8601 with an offset)',
    examples: ['2024-11-01T14:00:00Z'],
  });

const Address = (description: string, example: string) =>
  z
    .string()
    .min(1)
    .max(Limits.addressChars)
    .meta({ description, examples: [example] });

/** A provider's id for the message, which makes a repeated webhook the same message. */
const ProviderId = (description: string, example: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .meta({ description, examples: [example] });

/** `POST /api/webhooks/sms`: a generic SMS provider's inbound message. */
export const CompatSmsWebhook = z
  .object({
    from: Address('Sender (E.164)', '+18045551234'),
    to: Address('Recipient (E.164)', '+12016661234'),
    type: z.enum(['sms', 'mms']).describe('`sms`, or `mms` when there are attachments'),
    messaging_provider_id: ProviderId("The provider's id for the message", 'message-1'),
    body: z
      .string()
      .max(Limits.smsBodyChars)
      .meta({ description: 'The text', examples: ['text message'] }),
    attachments: Attachments(Limits.mmsAttachments),
    timestamp: Timestamp,
  })
  .describe('An incoming SMS or MMS, in the compatible API');
export type CompatSmsWebhook = z.infer<typeof CompatSmsWebhook>;

/** `POST /api/webhooks/email`: a generic email provider's inbound message. */
export const CompatEmailWebhook = z
  .object({
    from: Address('Sender', 'contact@gmail.com'),
    to: Address('Recipient', 'user@usehatchapp.com'),
    xillio_id: ProviderId("The email provider's id for the message", 'message-2'),
    body: z
      .string()
      .max(Limits.emailBodyBytes)
      .meta({
        description: 'The body (HTML allowed)',
        examples: ['<html><body>html is <b>allowed</b> here </body></html>'],
      }),
    attachments: Attachments(Limits.emailAttachments),
    timestamp: Timestamp,
  })
  .describe('An incoming email, in the compatible API');
export type CompatEmailWebhook = z.infer<typeof CompatEmailWebhook>;
