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
});
