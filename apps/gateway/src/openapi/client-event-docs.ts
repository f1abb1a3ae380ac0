import { CLIENT_EVENT_SCHEMAS, CLIENT_EVENT_TYPES } from '@switchboard/contracts';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

const SignatureHeaders = z.object({
  'webhook-id': z.string().describe('The event id: the same on every attempt, to deduplicate by'),
  'webhook-timestamp': z.string().describe('When this attempt was signed (Unix seconds)'),
  'webhook-signature': z
    .string()
    .describe(
      '`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; two, space-separated, during a secret rotation',
    ),
});

/**
 * The OpenAPI `webhooks` section: each client event type as the request Switchboard sends to
 * a registered endpoint, signed per Standard Webhooks.
 */
export function clientEventWebhooks(): ZodOpenApiPathsObject {
  return Object.fromEntries(
    CLIENT_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `clientEvent_${type.replace('.', '_')}`,
          tags: ['Webhook endpoints'],
          summary: `\`${type}\` sent to your endpoint`,
          description: CLIENT_EVENT_SCHEMAS[type].description ?? type,
          requestParams: { header: SignatureHeaders },
          requestBody: {
            required: true,
            content: { 'application/json': { schema: CLIENT_EVENT_SCHEMAS[type] } },
          },
          responses: {
            '200': { description: 'Any 2xx within the timeout: delivered' },
            '410': { description: 'Gone: the endpoint is disabled, nothing more is sent' },
            default: { description: 'Anything else, or no answer: retried with backoff' },
          },
        },
      },
    ]),
  );
}
