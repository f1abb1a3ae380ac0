import { CLIENT_EVENT_TYPES } from '@switchboard/contracts';
import { gatewayOpenApiDocument } from '../gateway-routes';

describe('the OpenAPI webhooks section', () => {
  it('documents every client event type as a signed POST with its payload', () => {
    const webhooks = (gatewayOpenApiDocument() as { webhooks?: Record<string, unknown> }).webhooks;
    expect(Object.keys(webhooks ?? {}).sort()).toEqual([...CLIENT_EVENT_TYPES].sort());
    for (const type of CLIENT_EVENT_TYPES) {
      const post = (webhooks![type] as { post: Record<string, unknown> }).post;
      const json = JSON.stringify(post);
      expect(json).toContain('webhook-signature');
      const body = (
        post['requestBody'] as { content: Record<string, { schema: Record<string, unknown> }> }
      ).content['application/json']!.schema;
      expect((body as { required?: string[] }).required).toEqual(
        expect.arrayContaining(['id', 'type', 'created_at', 'tenant_id', 'data']),
      );
    }
  });

  it('documents the consent events with what they carry', () => {
    const webhooks = (gatewayOpenApiDocument() as { webhooks: Record<string, unknown> }).webhooks;
    const body = (type: string) => JSON.stringify(webhooks[type]);
    for (const type of ['recipient.opted_out', 'recipient.opted_in']) {
      for (const field of ['phone_number', 'sender', 'inbound_message_id', 'suppression']) {
        expect(body(type)).toContain(`"${field}"`);
      }
    }
    expect(body('suppression.created')).toContain('"suppression"');
    for (const field of ['suppression', 'deleted_by', 'note']) {
      expect(body('suppression.deleted')).toContain(`"${field}"`);
    }
  });
});
