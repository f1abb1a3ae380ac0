import { createDocument, type oas31 } from 'zod-openapi';
import {
  CompatEmailWebhook,
  CompatSmsWebhook,
  SendGridEventBatch,
  SendGridEventType,
  SendGridInboundParseForm,
  TwilioInboundCallStatusForm,
  TwilioMessageStatus,
  TwilioRecordingStatusForm,
  TwilioTranscriptionForm,
  TwilioVoiceCallForm,
  TwilioWebhookForm,
} from '@switchboard/contracts';
import { webhookPaths } from './webhook-docs';

type Json = Record<string, unknown>;

/** The webhook routes as the published document renders them. */
function publishedWebhooks(): Record<string, Json> {
  const document = createDocument({
    openapi: '3.1.0',
    info: { title: 'webhooks', version: '1' },
    paths: webhookPaths(),
  });
  return document.paths as Record<string, Json>;
}

/** The request body schema of `POST path` with `type`, as zod or as published JSON Schema. */
function requestSchema(paths: Record<string, unknown>, path: string, type: string): unknown {
  const operation = (paths[path] as { post: oas31.OperationObject }).post;
  const body = operation.requestBody as oas31.RequestBodyObject;
  return body.content[type]?.schema;
}

/** The values of the closed list among a published property's alternatives (`anyOf`). */
function listedValues(property: unknown): unknown[] {
  const alternatives = (property as { anyOf?: Json[] }).anyOf ?? [];
  return alternatives.flatMap((alternative) => (alternative['enum'] as unknown[]) ?? []);
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

describe('the documented provider webhooks', () => {
  it('are documented with the schemas webhook-ingest parses them with, not copies of them', () => {
    const paths = webhookPaths() as Record<string, unknown>;
    expect(requestSchema(paths, '/api/v1/webhooks/twilio', FORM)).toBe(TwilioWebhookForm);
    expect(requestSchema(paths, '/api/v1/webhooks/sendgrid', JSON_TYPE)).toBe(SendGridEventBatch);
    expect(requestSchema(paths, '/api/v1/webhooks/sendgrid/inbound', 'multipart/form-data')).toBe(
      SendGridInboundParseForm,
    );
    expect(requestSchema(paths, '/api/webhooks/sms', JSON_TYPE)).toBe(CompatSmsWebhook);
    expect(requestSchema(paths, '/api/webhooks/email', JSON_TYPE)).toBe(CompatEmailWebhook);
    const voice = '/api/v1/webhooks/twilio/voice';
    expect(requestSchema(paths, voice, FORM)).toBe(TwilioVoiceCallForm);
    expect(requestSchema(paths, `${voice}/recorded`, FORM)).toBe(TwilioVoiceCallForm);
    expect(requestSchema(paths, `${voice}/recording`, FORM)).toBe(TwilioRecordingStatusForm);
    expect(requestSchema(paths, `${voice}/transcription`, FORM)).toBe(TwilioTranscriptionForm);
    expect(requestSchema(paths, `${voice}/inbound-status`, FORM)).toBe(TwilioInboundCallStatusForm);
  });

  it('list exactly the Twilio statuses the schema gives webhook-ingest, for both status fields', () => {
    const form = requestSchema(publishedWebhooks(), '/api/v1/webhooks/twilio', FORM) as Json;
    const properties = form['properties'] as Json;
    expect(listedValues(properties['MessageStatus'])).toEqual(TwilioMessageStatus.options);
    expect(listedValues(properties['SmsStatus'])).toEqual(TwilioMessageStatus.options);
  });

  it('list exactly the SendGrid event types the schema gives webhook-ingest', () => {
    const batch = requestSchema(publishedWebhooks(), '/api/v1/webhooks/sendgrid', JSON_TYPE);
    const event = (batch as { items: { properties: Json } }).items.properties['event'];
    expect(listedValues(event)).toEqual(SendGridEventType.options);
  });
});
