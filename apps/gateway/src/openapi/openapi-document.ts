import {
  ChannelKind,
  ConversationResource,
  Direction,
  Encoding,
  MessageEventResource,
  MessageResource,
  MessageStatus,
  MessageType,
  Problem,
  SearchConversationsRequest,
  SendMessageRequest,
} from '@switchboard/contracts';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiParameters,
  type ZodOpenApiPathsObject,
  type oas31,
} from 'zod-openapi';
import { CompatEmailBody } from '../routes/compat-messages.routes';
import type { DocumentedRoute } from '../routing/route-definition';
import { withRateLimits } from './resilience-docs';
import { JSON_TYPE } from './response-docs';
import { securitySchemes } from './security-docs';
import { clientEventWebhooks } from './client-event-docs';

export type OpenApiDocument = oas31.OpenAPIObject;

const DESCRIPTION = [
  'One API for SMS, MMS and Email. Every message is threaded into a conversation by its two participants, sent through a provider with retries, and tracked through a status lifecycle you can read back.',
  '',
  'Errors are RFC 9457 `application/problem+json` documents; validation problems list each wrong field in `errors`.',
  '',
  "Requests authenticate with an API key — `Authorization: Bearer sb_live_…` or `X-API-Key: sb_live_…` — or a JWT from your identity provider as a bearer token; each acts as one tenant and sees only its own messages and conversations (another tenant's ids answer `404`). A local development stack also takes requests without credentials.",
  '',
  'Each client has a request budget per time window (1000 requests per second unless configured otherwise): every answer of the API says how much is left in `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and a client over its budget gets `429` with `Retry-After`. The send operations take an `Idempotency-Key`, which makes retrying them safe.',
].join('\n');

/** The OpenAPI operation of a route: what it takes, what it answers and who may call it. */
function operationOf(route: DocumentedRoute): ZodOpenApiOperationObject {
  const { request = {}, security } = route;
  const params: ZodOpenApiParameters = {
    ...(request.path ? { path: request.path } : {}),
    ...(request.query ? { query: request.query } : {}),
    ...(request.header ? { header: request.header } : {}),
  };
  const { body } = request;
  return {
    operationId: route.operationId,
    tags: [...route.tags],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(Object.keys(params).length ? { requestParams: params } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: {
              [body.contentType ?? JSON_TYPE]: { schema: body.schema, examples: body.examples },
            },
          },
        }
      : {}),
    responses: security ? withRateLimits(route.responses, route.path) : route.responses,
    ...(security ? { security: [...security] } : {}),
  };
}

/**
 * The document's paths: each route's operation under its path template, then the paths served
 * by another app (the webhooks), documented here for the one base URL clients call.
 */
export function documentedPaths(
  routes: readonly DocumentedRoute[],
  servedElsewhere: ZodOpenApiPathsObject = {},
): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`${route.method} ${route.path} is declared twice`);
    item[route.method] = operationOf(route);
  }
  for (const [path, item] of Object.entries(servedElsewhere)) {
    if (paths[path]) throw new Error(`${path} is both a gateway route and served elsewhere`);
    paths[path] = item;
  }
  return paths;
}

/**
 * The OpenAPI 3.1 document of the gateway's API, generated from its route tables — the same zod
 * schemas the routes validate with. Pure: builds the same document on every call.
 *
 * @example res.json(buildOpenApiDocument([...messageRoutes, ...docsRoutes], webhookPaths()))
 */
export function buildOpenApiDocument(
  routes: readonly DocumentedRoute[],
  servedElsewhere: ZodOpenApiPathsObject = {},
): OpenApiDocument {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version: '1.0.0',
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'The gateway serving this document' }],
    tags: [
      { name: 'Messages', description: 'Send messages and follow them' },
      { name: 'Conversations', description: 'Messages threaded by participants' },
      {
        name: 'Suppressions',
        description: 'Recipients this account may not message: SMS opt-outs and email suppressions',
      },
      {
        name: 'Compatible API',
        description: 'The routes and payloads of the widely used take-home messaging API',
      },
      { name: 'Webhooks', description: 'Provider callbacks, served by webhook-ingest' },
      { name: 'Operations', description: 'Health, readiness, metrics and this reference' },
      {
        name: 'Webhook endpoints',
        description: 'Events to your app: signed webhooks, their endpoints and delivery logs',
      },
      { name: 'Events', description: 'Events to your app, live: a Server-Sent Events stream' },
      {
        name: 'Providers',
        description: 'The providers messages go through, and how they fare: platform-wide',
      },
    ],
    paths: documentedPaths(routes, servedElsewhere),
    webhooks: clientEventWebhooks(),
    components: {
      securitySchemes,
      // Named here, not in contracts: what a schema is called is a documentation choice. Only
      // leaves are named: zod-openapi renders a named schema that references another named
      // schema in request context too, which would give the response schemas `…Output` twins.
      schemas: {
        Message: MessageResource,
        MessageEvent: MessageEventResource,
        Conversation: ConversationResource,
        SendMessageRequest,
        CompatEmailRequest: CompatEmailBody,
        SearchConversationsRequest,
        Problem,
        MessageType,
        MessageStatus,
        Direction,
        Encoding,
        ChannelKind,
      },
    },
  });
}
