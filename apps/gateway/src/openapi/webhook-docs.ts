import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { TWILIO_MESSAGE_STATUSES } from '@switchboard/contracts';

/*
 * Provider webhooks are served by webhook-ingest behind the gateway's base URL. Their payloads are
 * the providers' formats, not ours, and contracts has no schema for them yet: these schemas exist
 * only to document them (the fields Switchboard reads), so they are deliberately open (`catchall`)
 * where providers add fields over time.
 */

/** Twilio's form parameters: a status callback for a message we sent, or an incoming message. */
export const TwilioWebhookForm = z
  .object({
    MessageSid: z.string().meta({
      description: "Twilio's id for the message",
      examples: ['SM0123456789abcdef0123456789abcdef'],
    }),
    AccountSid: z.string().meta({
      description: 'The Twilio account',
      examples: ['AC0123456789abcdef0123456789abcdef'],
    }),
    From: z.string().meta({ description: 'Sender (E.164)', examples: ['+15559876543'] }),
    To: z.string().meta({ description: 'Recipient (E.164)', examples: ['+15551234567'] }),
    MessageStatus: z
      .enum(TWILIO_MESSAGE_STATUSES)
      .optional()
      .describe('Status callbacks: the new status of a message we sent'),
    ErrorCode: z.string().optional().describe('Status callbacks: Twilio error code of a failure'),
    ErrorMessage: z.string().optional().describe('Status callbacks: the error, in words'),
    Body: z.string().optional().describe('Incoming messages: the text'),
    NumMedia: z.string().optional().describe('Incoming messages: how many media files (`0`–`10`)'),
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

/** One SendGrid Event Webhook event. */
export const SendGridEvent = z
  .object({
    email: z
      .string()
      .optional()
      .meta({ description: 'The recipient', examples: ['jane@example.com'] }),
    timestamp: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Unix time', examples: [1730469600] }),
    event: z.string().meta({
      description:
        'What happened: `processed`, `deferred`, `delivered`, `bounce`, `blocked`, `dropped`, `open`, `click`, …',
      examples: ['delivered'],
    }),
    sg_event_id: z.string().meta({
      description: 'Unique per event; a repeated event is applied once',
      examples: ['ZGVsaXZlcmVkLTAtMTIzNDU2Nzg5'],
    }),
    sg_message_id: z
      .string()
      .optional()
      .meta({
        description: "SendGrid's message id (the `X-Message-Id` of the send, plus a suffix)",
        examples: ['14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0'],
      }),
    switchboard_message_id: z
      .string()
      .optional()
      .describe('Our message id, sent to SendGrid as a custom arg and echoed back'),
    reason: z.string().optional().describe('`bounce`, `dropped`, `deferred`: why'),
    status: z.string().optional().describe('`bounce`: the SMTP status code'),
    response: z.string().optional().describe('`delivered`, `deferred`: the receiving server reply'),
  })
  .catchall(z.unknown())
  .describe('One SendGrid event; other SendGrid fields are accepted too');

export const SendGridEventBatch = z
  .array(SendGridEvent)
  .describe('A batch of SendGrid events, as the Event Webhook posts them');

/** SendGrid Inbound Parse's multipart fields (the default, non-raw mode). */
export const SendGridInboundParseForm = z
  .object({
    from: z.string().meta({
      description: 'Sender, as in the `From` header',
      examples: ['Jane <jane@example.com>'],
    }),
    to: z.string().meta({
      description: 'Recipients, as in the `To` header',
      examples: ['team@example.com'],
    }),
    subject: z
      .string()
      .optional()
      .meta({ description: 'The subject', examples: ['Re: Welcome'] }),
    text: z.string().optional().describe('The text/plain part'),
    html: z.string().optional().describe('The text/html part'),
    envelope: z.string().meta({
      description: 'JSON: the SMTP envelope `{"to": [...], "from": "..."}`',
      examples: ['{"to":["team@example.com"],"from":"jane@example.com"}'],
    }),
    headers: z.string().optional().describe('The raw message headers'),
    attachments: z.string().optional().describe('How many files are attached (`attachment1`…)'),
    'attachment-info': z.string().optional().describe('JSON: name and type of each attachment'),
    charsets: z.string().optional().describe('JSON: the character set of each field'),
    SPF: z.string().optional().describe('SPF verification result'),
    dkim: z.string().optional().describe('DKIM verification result'),
    sender_ip: z.string().optional().describe('IP address of the sending server'),
  })
  .catchall(z.unknown())
  .describe('An email received by SendGrid Inbound Parse; files arrive as `attachment1`…');

const CompatAttachments = z
  .array(z.string())
  .nullable()
  .optional()
  .meta({ description: 'Media or file URLs; null or left out for none', examples: [null] });
const CompatTimestamp = z
  .string()
  .optional()
  .meta({
    description: 'When the provider received it (ISO 8601 with an offset)',
    examples: ['2024-11-01T14:00:00Z'],
  });

/** The compatible API's inbound SMS/MMS webhook. */
export const CompatSmsWebhook = z
  .object({
    from: z.string().meta({ description: 'Sender (E.164)', examples: ['+18045551234'] }),
    to: z.string().meta({ description: 'Recipient (E.164)', examples: ['+12016661234'] }),
    type: z.enum(['sms', 'mms']).describe('`sms`, or `mms` when there are attachments'),
    messaging_provider_id: z.string().meta({
      description: "The provider's id for the message",
      examples: ['message-1'],
    }),
    body: z.string().meta({ description: 'The text', examples: ['text message'] }),
    attachments: CompatAttachments,
    timestamp: CompatTimestamp,
  })
  .describe('An incoming SMS or MMS, in the compatible API');

/** The compatible API's inbound email webhook. */
export const CompatEmailWebhook = z
  .object({
    from: z.string().meta({ description: 'Sender', examples: ['contact@gmail.com'] }),
    to: z.string().meta({ description: 'Recipient', examples: ['user@usehatchapp.com'] }),
    xillio_id: z.string().meta({
      description: "The email provider's id for the message",
      examples: ['message-2'],
    }),
    body: z.string().meta({
      description: 'The body (HTML allowed)',
      examples: ['<html><body>html is <b>allowed</b> here </body></html>'],
    }),
    attachments: CompatAttachments,
    timestamp: CompatTimestamp,
  })
  .describe('An incoming email, in the compatible API');

/*
 * webhook-ingest answers providers itself; beyond "accepted" and "refused" the exact responses
 * are its own to document, so they are given as ranges here.
 */
const webhookResponses: ZodOpenApiOperationObject['responses'] = {
  '2XX': { description: 'Accepted: verified, logged and handed on for processing' },
  '4XX': {
    description: 'Refused: the signature does not verify, or the payload is malformed',
  },
};

interface WebhookDoc<S extends z.ZodType> {
  operationId: string;
  summary: string;
  description: string;
  contentType: string;
  schema: S;
  example: z.input<S>;
  headers?: z.ZodObject;
}

function webhook<S extends z.ZodType>(doc: WebhookDoc<S>): ZodOpenApiOperationObject {
  return {
    operationId: doc.operationId,
    tags: ['Webhooks'],
    summary: doc.summary,
    description: `${doc.description}\n\nServed by webhook-ingest at the same base URL as the rest of the API.`,
    ...(doc.headers ? { requestParams: { header: doc.headers } } : {}),
    requestBody: {
      required: true,
      content: {
        [doc.contentType]: {
          schema: doc.schema,
          examples: { [doc.operationId]: { value: doc.example } },
        },
      },
    },
    responses: webhookResponses,
  };
}

const TwilioSignatureHeader = z.object({
  'x-twilio-signature': z
    .string()
    .describe('HMAC-SHA1 of the URL and parameters with the auth token (base64)'),
});
const SendGridSignatureHeaders = z.object({
  'x-twilio-email-event-webhook-signature': z
    .string()
    .describe('ECDSA P-256 signature of the timestamp followed by the raw body (base64)'),
  'x-twilio-email-event-webhook-timestamp': z.string().describe('The signed timestamp'),
});

/** The webhook routes, documented for the one base URL clients and providers share. */
export function webhookPaths(): ZodOpenApiPathsObject {
  return {
    '/api/v1/webhooks/twilio': {
      post: webhook({
        operationId: 'twilioWebhook',
        summary: 'Twilio status callback or incoming SMS/MMS',
        description:
          'Point both the status callback URL and the messaging webhook of your Twilio numbers here. Status callbacks move outbound messages forward; incoming messages are threaded into the conversation with the sender.',
        contentType: 'application/x-www-form-urlencoded',
        schema: TwilioWebhookForm,
        example: {
          MessageSid: 'SM0123456789abcdef0123456789abcdef',
          AccountSid: 'AC0123456789abcdef0123456789abcdef',
          From: '+15551234567',
          To: '+15559876543',
          MessageStatus: 'delivered',
        },
        headers: TwilioSignatureHeader,
      }),
    },
    '/api/v1/webhooks/sendgrid': {
      post: webhook({
        operationId: 'sendgridEventWebhook',
        summary: 'SendGrid Event Webhook',
        description:
          'Delivery events for email we sent (delivered, bounce, dropped, …), posted in batches.',
        contentType: 'application/json',
        schema: SendGridEventBatch,
        example: [
          {
            email: 'jane@example.com',
            timestamp: 1730469600,
            event: 'delivered',
            sg_event_id: 'ZGVsaXZlcmVkLTAtMTIzNDU2Nzg5',
            sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
            switchboard_message_id: '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e',
            response: '250 OK',
          },
        ],
        headers: SendGridSignatureHeaders,
      }),
    },
    '/api/v1/webhooks/sendgrid/inbound': {
      post: webhook({
        operationId: 'sendgridInboundParse',
        summary: 'SendGrid Inbound Parse',
        description:
          'Email received for your domain, threaded into the conversation with the sender.',
        contentType: 'multipart/form-data',
        schema: SendGridInboundParseForm,
        example: {
          from: 'Jane <jane@example.com>',
          to: 'team@example.com',
          subject: 'Re: Welcome',
          text: 'Thanks!',
          envelope: '{"to":["team@example.com"],"from":"jane@example.com"}',
          attachments: '0',
        },
      }),
    },
    '/api/webhooks/sms': {
      post: webhook({
        operationId: 'compatSmsWebhook',
        summary: 'Incoming SMS/MMS (compatible API)',
        description: 'An incoming SMS or MMS in the compatible API’s format.',
        contentType: 'application/json',
        schema: CompatSmsWebhook,
        example: {
          from: '+18045551234',
          to: '+12016661234',
          type: 'sms',
          messaging_provider_id: 'message-1',
          body: 'text message',
          attachments: null,
          timestamp: '2024-11-01T14:00:00Z',
        },
      }),
    },
    '/api/webhooks/email': {
      post: webhook({
        operationId: 'compatEmailWebhook',
        summary: 'Incoming email (compatible API)',
        description: 'An incoming email in the compatible API’s format.',
        contentType: 'application/json',
        schema: CompatEmailWebhook,
        example: {
          from: 'contact@gmail.com',
          to: 'user@usehatchapp.com',
          xillio_id: 'message-2',
          body: '<html><body>html is <b>allowed</b> here </body></html>',
          attachments: ['https://example.com/received-image.jpg'],
          timestamp: '2024-11-01T14:00:00Z',
        },
      }),
    },
  };
}
