import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import {
  CompatEmailWebhook,
  CompatSmsWebhook,
  SendGridEventBatch,
  SendGridInboundParseForm,
  TwilioInboundCallStatusForm,
  TwilioRecordingStatusForm,
  TwilioTranscriptionForm,
  TwilioVoiceCallForm,
  TwilioWebhookForm,
} from '@switchboard/contracts';

/*
 * Provider webhooks are served by webhook-ingest behind the gateway's base URL. Their payloads are
 * the providers' formats, not ours: they are documented with the very schemas (in contracts)
 * webhook-ingest parses them with, so the document cannot promise what the parser refuses.
 */

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

const CALL = {
  CallSid: 'CA0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+15559876543',
  To: '+15551234567',
};
const RECORDING = {
  RecordingSid: 'RE0123456789abcdef0123456789abcdef',
  RecordingUrl:
    'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE0123456789abcdef0123456789abcdef',
  RecordingDuration: '7',
};

/** A callback of a call to one of our numbers: form-encoded and signed like the others. */
const callWebhook = <S extends z.ZodType>(doc: Omit<WebhookDoc<S>, 'contentType' | 'headers'>) => ({
  post: webhook({
    ...doc,
    contentType: 'application/x-www-form-urlencoded',
    headers: TwilioSignatureHeader,
  }),
});

const UnsubscribeToken = z.object({
  token: z
    .string()
    .max(1024)
    .describe(
      'The signed token of the link (`v1.<payload>.<HMAC-SHA256>`): it names the tenant, channel and address, and does not expire',
    ),
});
const unsubscribeRefused = {
  description: 'Not a link we issued (forged, tampered, cut): problem+json naming `token`',
};

/** One-click unsubscribe (RFC 8058): the links in marketing mail's `List-Unsubscribe`. */
function unsubscribePaths(): ZodOpenApiPathsObject {
  return {
    '/api/v1/webhooks/unsubscribe/{token}': {
      get: {
        operationId: 'unsubscribePage',
        tags: ['Webhooks'],
        summary: 'One-click unsubscribe: the confirmation page',
        description:
          'What a person following the link sees: the address and a button that posts the one-click form. Changes nothing (mail scanners prefetch links). No credentials: the signed token is the proof.',
        requestParams: { path: UnsubscribeToken },
        responses: {
          '200': { description: 'An HTML page', content: { 'text/html': {} } },
          '400': unsubscribeRefused,
        },
      },
      post: {
        operationId: 'unsubscribeOneClick',
        tags: ['Webhooks'],
        summary: 'One-click unsubscribe (RFC 8058)',
        description:
          "What mailbox providers post when the recipient presses unsubscribe: puts the address on the tenant's suppression list at once (reason `unsubscribe`, by `recipient`, audited). Its marketing mail is refused from then on (`422` `recipient_suppressed`); transactional mail still goes. Posting again changes nothing. No credentials: the signed token is the proof.\n\nServed by webhook-ingest at the same base URL as the rest of the API.",
        requestParams: { path: UnsubscribeToken },
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: z.object({
                'List-Unsubscribe': z
                  .literal('One-Click')
                  .describe('Exactly `One-Click`, as RFC 8058 has mailbox providers send it'),
              }),
              examples: { oneClick: { value: { 'List-Unsubscribe': 'One-Click' } } },
            },
          },
        },
        responses: {
          '200': { description: 'Unsubscribed (an HTML page)', content: { 'text/html': {} } },
          '400': {
            description: `${unsubscribeRefused.description}; or the body is not \`List-Unsubscribe=One-Click\``,
          },
          '404': { description: 'The tenant the link names no longer exists' },
        },
      },
    },
  };
}

/** The voice webhook of our numbers and the callbacks its TwiML asks for. */
function voiceWebhookPaths(): ZodOpenApiPathsObject {
  return {
    '/api/v1/webhooks/twilio/voice': callWebhook({
      operationId: 'twilioVoiceWebhook',
      summary: 'Twilio: a call to one of your numbers',
      description:
        'Point the "A call comes in" webhook of your Twilio numbers here. Answers TwiML (`text/xml`): the number\'s greeting and a transcribed `<Record>` (the caller leaves a voicemail), `<Dial>` when calls to the number are forwarded, or a polite `<Say>` and `<Hangup>` for a number no tenant claimed.',
      schema: TwilioVoiceCallForm,
      example: { ...CALL, CallStatus: 'ringing', Direction: 'inbound' },
    }),
    '/api/v1/webhooks/twilio/voice/recorded': callWebhook({
      operationId: 'twilioVoiceRecorded',
      summary: 'Twilio: the voicemail was recorded (`<Record>` action)',
      description:
        'Asked by Twilio once the caller stopped speaking; answers TwiML that ends the call. Its recording starts the voicemail message like the recording callback.',
      schema: TwilioVoiceCallForm,
      example: { ...CALL, ...RECORDING, CallStatus: 'completed', Digits: 'hangup' },
    }),
    '/api/v1/webhooks/twilio/voice/recording': callWebhook({
      operationId: 'twilioRecordingStatus',
      summary: 'Twilio: recording status callback',
      description:
        'The finished recording: an inbound `voicemail` message with the recording as its attachment, its transcript pending.',
      schema: TwilioRecordingStatusForm,
      example: { CallSid: CALL.CallSid, ...RECORDING, RecordingStatus: 'completed' },
    }),
    '/api/v1/webhooks/twilio/voice/transcription': callWebhook({
      operationId: 'twilioTranscription',
      summary: 'Twilio: transcription callback',
      description:
        "The voicemail's transcript, which becomes the message's `body` (the same message as the recording's, whichever arrives first).",
      schema: TwilioTranscriptionForm,
      example: {
        ...CALL,
        RecordingSid: RECORDING.RecordingSid,
        RecordingUrl: RECORDING.RecordingUrl,
        TranscriptionSid: 'TR0123456789abcdef0123456789abcdef',
        TranscriptionText: 'Please call me back',
        TranscriptionStatus: 'completed',
      },
    }),
    '/api/v1/webhooks/twilio/voice/inbound-status': callWebhook({
      operationId: 'twilioInboundCallStatus',
      summary: 'Twilio: status callback of a call to one of your numbers',
      description:
        'Point the numbers\' "Call status changes" webhook here. A call that ended without a recording is a missed call: an inbound `voice` message with an empty body and `metadata.call.outcome` = `missed`.',
      schema: TwilioInboundCallStatusForm,
      example: { ...CALL, CallStatus: 'completed', CallDuration: '4' },
    }),
  };
}

/** The webhook routes, documented for the one base URL clients and providers share. */
export function webhookPaths(): ZodOpenApiPathsObject {
  return {
    '/api/v1/webhooks/twilio': {
      post: webhook({
        operationId: 'twilioWebhook',
        summary: 'Twilio status callback or incoming SMS/MMS',
        description:
          "Point both the status callback URL and the messaging webhook of your Twilio numbers here. Status callbacks move outbound messages forward; incoming messages are threaded into the conversation with the sender. An MMS is answered at once; its media (`MediaUrl{N}`) are then fetched from Twilio with the account's credentials, stored and scanned, and the message appears with their media ids as `attachments` (infected ones quarantined and noted in `metadata.media`).",
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
    ...voiceWebhookPaths(),
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
          "Email received for your domain, threaded into the conversation with the sender. Attachment files are streamed into storage and scanned as the post is read; the message's `attachments` are their media ids (infected ones quarantined and noted in `metadata.media`). `503` when storage does not answer: SendGrid retries.",
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
    ...unsubscribePaths(),
  };
}
