import {
  AppError,
  CreateWebhookEndpointRequest,
  IdParam,
  RotateWebhookSecretRequest,
  RpcContracts,
  UpdateWebhookEndpointRequest,
  WebhookEndpointList,
  WebhookEndpointResource,
  WebhookEndpointWithSecret,
} from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import { problemOf, problems } from '../openapi/problem-examples';
import { bodyErrors, examplesOf, json, problem, serviceErrors } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { routeDefiner, type Route } from '../routing/route-definition';

const route = routeDefiner<GatewayContext>();
const tags = ['Webhook endpoints'];
const collection = '/api/v1/webhook-endpoints';
const one = `${collection}/{id}`;
const rotate = `${one}/rotate-secret`;

const EXAMPLE_ID = '01a21c43-e04d-77cc-97ae-1d07b0f73999';
const at = (route: string) => route.replace('{id}', EXAMPLE_ID);
const endpoint = {
  id: EXAMPLE_ID,
  url: 'https://example.com/hooks/switchboard',
  events: ['message.received', 'message.status'],
  description: 'Order notifications',
  enabled: true,
  disabled_reason: null,
  previous_secret_expires_at: null,
  created_at: '2026-01-05T10:00:00.000Z',
  updated_at: '2026-01-05T10:00:00.000Z',
};
const created = { ...endpoint, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
const notFound = (path: string) =>
  problem('No such webhook endpoint', {
    notFound: problemOf(at(path), () => {
      throw AppError.notFound('Webhook endpoint');
    }),
  });
const badUrl = (path: string) =>
  problem('The body is not valid, or the URL points where events may not go', {
    metadata: problemOf(path, () => {
      throw AppError.validation(
        [{ field: 'url', message: 'link-local (cloud metadata) address' }],
        'The endpoint URL is not allowed: link-local (cloud metadata) address',
      );
    }),
    malformedJson: problems.malformedJson(path),
  });

/**
 * Webhook endpoints: where a tenant's client events are delivered, signed per Standard
 * Webhooks. The URL is checked (and its name resolved) when it is registered or changed.
 */
export const webhookEndpointRoutes: Route<GatewayContext>[] = [
  route({
    method: 'post',
    path: collection,
    operationId: 'createWebhookEndpoint',
    tags,
    summary: 'Register a webhook endpoint',
    description:
      'Events of the chosen types are POSTed to the URL, signed with the `secret` in this answer (the only answer that shows it). https in production; loopback, private, link-local and metadata addresses are refused.',
    request: {
      body: {
        schema: CreateWebhookEndpointRequest,
        examples: examplesOf({
          some: { url: endpoint.url, events: endpoint.events, description: endpoint.description },
        }),
      },
    },
    responses: {
      '201': json('Registered; the answer carries the signing secret', WebhookEndpointWithSecret, {
        created,
      }),
      '400': badUrl(collection),
      '409': problem('The account already has as many endpoints as it may', {}),
      ...bodyErrors(collection),
      ...serviceErrors(collection),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const answer = await ctx.call(RpcContracts.createWebhookEndpoint, {
        ...body,
        tenant_id: ctx.tenantOf(req),
      });
      res.status(201).location(`${collection}/${answer.id}`).json(answer);
    },
  }),
  route({
    method: 'get',
    path: collection,
    operationId: 'listWebhookEndpoints',
    tags,
    summary: 'List webhook endpoints',
    description: 'Every endpoint of the account, newest first (secrets are not shown).',
    request: {},
    responses: {
      '200': json('The endpoints', WebhookEndpointList, { list: { data: [endpoint] } }),
      ...serviceErrors(collection),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res }) {
      res.json(await ctx.call(RpcContracts.listWebhookEndpoints, { tenant_id: ctx.tenantOf(req) }));
    },
  }),
  route({
    method: 'get',
    path: one,
    operationId: 'getWebhookEndpoint',
    tags,
    summary: 'Get a webhook endpoint',
    description: 'The endpoint, without its secret.',
    request: { path: IdParam },
    responses: {
      '200': json('The endpoint', WebhookEndpointResource, { endpoint }),
      '404': notFound(one),
      ...serviceErrors(one),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      res.json(
        await ctx.call(RpcContracts.getWebhookEndpoint, { ...path, tenant_id: ctx.tenantOf(req) }),
      );
    },
  }),
  route({
    method: 'patch',
    path: one,
    operationId: 'updateWebhookEndpoint',
    tags,
    summary: 'Change a webhook endpoint',
    description:
      'Changes the fields given. `"enabled": true` also re-enables an endpoint Switchboard disabled.',
    request: {
      path: IdParam,
      body: {
        schema: UpdateWebhookEndpointRequest,
        examples: examplesOf({ disable: { enabled: false } }),
      },
    },
    responses: {
      '200': json('The endpoint as changed', WebhookEndpointResource, { endpoint }),
      '400': badUrl(at(one)),
      '404': notFound(one),
      ...bodyErrors(one),
      ...serviceErrors(one),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path, body }) {
      res.json(
        await ctx.call(RpcContracts.updateWebhookEndpoint, {
          ...path,
          tenant_id: ctx.tenantOf(req),
          changes: body,
        }),
      );
    },
  }),
  route({
    method: 'delete',
    path: one,
    operationId: 'deleteWebhookEndpoint',
    tags,
    summary: 'Delete a webhook endpoint',
    description: 'No more events are delivered to it; its delivery log goes with it.',
    request: { path: IdParam },
    responses: {
      '204': { description: 'Deleted' },
      '404': notFound(one),
      ...serviceErrors(one),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      await ctx.call(RpcContracts.deleteWebhookEndpoint, { ...path, tenant_id: ctx.tenantOf(req) });
      res.status(204).end();
    },
  }),
  route({
    method: 'post',
    path: rotate,
    operationId: 'rotateWebhookSecret',
    tags,
    summary: "Rotate a webhook endpoint's signing secret",
    description:
      'Answers the new secret. The old one keeps signing for `grace_seconds` (24 hours unless given, at most 7 days): deliveries carry both signatures meanwhile, so receivers can switch without a gap.',
    request: {
      path: IdParam,
      body: {
        schema: RotateWebhookSecretRequest,
        examples: examplesOf({ oneHour: { grace_seconds: 3600 } }),
      },
    },
    responses: {
      '200': json('The endpoint with its new secret', WebhookEndpointWithSecret, {
        rotated: { ...created, previous_secret_expires_at: '2026-01-06T10:00:00.000Z' },
      }),
      '404': notFound(rotate),
      ...bodyErrors(rotate),
      ...serviceErrors(rotate),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path, body }) {
      res.json(
        await ctx.call(RpcContracts.rotateWebhookSecret, {
          ...path,
          ...body,
          tenant_id: ctx.tenantOf(req),
        }),
      );
    },
  }),
];
