import type { GatewayContext } from './gateway-context';
import { docsRoutes } from './openapi/docs.routes';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/openapi-document';
import { operationsRoutes } from './openapi/operations-docs';
import { webhookPaths } from './openapi/webhook-docs';
import { compatMessageRoutes } from './routes/compat-messages.routes';
import { conversationRoutes } from './routes/conversations.routes';
import { messageRoutes } from './routes/messages.routes';
import { sendBatchRoutes } from './routes/send-batch.routes';
import { webhookDeliveryRoutes } from './routes/webhook-deliveries.routes';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.routes';
import { suppressionRoutes } from './routes/suppressions.routes';
import { eventStreamRoutes } from './routes/event-stream.routes';
import { mediaRoutes } from './routes/media.routes';
import { providerHealthRoutes } from './routes/provider-health.routes';
import type { DocumentedRoute, Route } from './routing/route-definition';

/*
 * The gateway's routes, each declared once with its documentation. gateway.ts mounts them; the
 * OpenAPI document is generated from the same tables.
 */

/** The client API: mounted behind authentication, rate limits, body parsing and idempotency. */
export const apiRoutes: readonly Route<GatewayContext>[] = [
  ...sendBatchRoutes,
  ...messageRoutes,
  ...conversationRoutes('/api/v1/conversations', 'Conversations'),
  ...compatMessageRoutes,
  ...conversationRoutes(
    '/api/conversations',
    'Compatible API',
    (name) => `compat${name[0]!.toUpperCase()}${name.slice(1)}`,
  ),
  ...webhookEndpointRoutes,
  ...webhookDeliveryRoutes,
  ...suppressionRoutes,
  ...eventStreamRoutes,
  ...mediaRoutes,
  ...providerHealthRoutes,
];

/** Every route the gateway documents as its own: the API, the operations endpoints, the reference. */
export const documentedRoutes: readonly DocumentedRoute[] = [
  ...apiRoutes,
  ...operationsRoutes,
  ...docsRoutes,
];

/** The gateway's reference: its documented routes, and the webhooks it forwards to webhook-ingest. */
export function gatewayOpenApiDocument(): OpenApiDocument {
  return buildOpenApiDocument(documentedRoutes, webhookPaths());
}
