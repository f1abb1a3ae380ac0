import {
  AppError,
  DeliveryParams,
  IdParam,
  ListDeliveriesQuery,
  ReplayReply,
  ReplayRequest,
  RpcContracts,
  WebhookDeliveryPage,
  WebhookDeliveryResource,
} from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import type { GatewayContext } from '../gateway-context';
import { problemOf, problems } from '../openapi/problem-examples';
import { bodyErrors, examplesOf, json, problem, serviceErrors } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { routeDefiner, type Route } from '../routing/route-definition';

const route = routeDefiner<GatewayContext>();
const tags = ['Webhook endpoints'];
const deliveries = '/api/v1/webhook-endpoints/{id}/deliveries';
const retry = `${deliveries}/{delivery_id}/retry`;
const replay = '/api/v1/webhook-endpoints/{id}/replay';

const ENDPOINT_ID = '01a21c43-e04d-77cc-97ae-1d07b0f73999';
const DELIVERY_ID = '01a21c43-e04d-77cc-97ae-1d07b0f7aaaa';
const at = (path: string) =>
  path.replace('{id}', ENDPOINT_ID).replace('{delivery_id}', DELIVERY_ID);
const delivery = {
  id: DELIVERY_ID,
  endpoint_id: ENDPOINT_ID,
  event_id: 'evt_01a21c43-e04d-77cc-97ae-1d07b0f7bbbb',
  event_type: 'message.status',
  status: 'delivered',
  attempt_count: 2,
  next_attempt_at: null,
  created_at: '2026-01-05T10:00:00.000Z',
  attempts: [
    {
      attempted_at: '2026-01-05T10:00:00.120Z',
      status_code: 503,
      duration_ms: 85,
      response_body: 'Service Unavailable',
      error: null,
    },
    {
      attempted_at: '2026-01-05T10:00:05.300Z',
      status_code: 200,
      duration_ms: 41,
      response_body: 'ok',
      error: null,
    },
  ],
};
const notFound = (path: string, what: string) =>
  problem(`No such ${what.toLowerCase()}`, {
    notFound: problemOf(at(path), () => {
      throw AppError.notFound(what);
    }),
  });

/** An endpoint's delivery log, and re-sending what it missed. */
export const webhookDeliveryRoutes: Route<GatewayContext>[] = [
  route({
    method: 'get',
    path: deliveries,
    operationId: 'listWebhookDeliveries',
    tags,
    summary: "List an endpoint's deliveries, newest first",
    description:
      'Each event sent (or being sent) to the endpoint with every attempt: status code, duration and the start of the answer. Cursor-paginated; `status` filters.',
    request: { path: IdParam, query: ListDeliveriesQuery },
    responses: {
      '200': json('A page of deliveries', WebhookDeliveryPage, {
        page: { data: [delivery], next_cursor: null },
      }),
      '400': problem('A query parameter is not valid', {
        badStatus: problemOf(at(deliveries), () =>
          parseOrThrow(ListDeliveriesQuery, { status: 'lost' }),
        ),
      }),
      '404': notFound(deliveries, 'Webhook endpoint'),
      ...serviceErrors(deliveries),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path, query }) {
      res.json(
        await ctx.call(RpcContracts.listWebhookDeliveries, {
          ...query,
          ...path,
          tenant_id: ctx.tenantOf(req),
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: retry,
    operationId: 'retryWebhookDelivery',
    tags,
    summary: 'Send a delivery again now',
    description:
      'One more attempt, due at once, whatever became of the delivery (a failed one included). A delivery being attempted right now is answered as it is.',
    request: { path: DeliveryParams },
    responses: {
      '202': json('Queued for an attempt', WebhookDeliveryResource, {
        queued: { ...delivery, status: 'pending', next_attempt_at: delivery.created_at },
      }),
      '404': notFound(retry, 'Delivery'),
      ...serviceErrors(retry),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      res.status(202).json(
        await ctx.call(RpcContracts.retryWebhookDelivery, {
          ...path,
          tenant_id: ctx.tenantOf(req),
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: replay,
    operationId: 'replayWebhookEvents',
    tags,
    summary: 'Re-send the events of a window',
    description:
      'Every event queued for the endpoint since `since` is delivered again (e.g. after an outage of your app). Receivers deduplicate by `webhook-id`.',
    request: {
      path: IdParam,
      body: {
        schema: ReplayRequest,
        examples: examplesOf({ lastHour: { since: '2026-01-05T09:00:00Z' } }),
      },
    },
    responses: {
      '202': json('Queued again', ReplayReply, { queued: { queued: 42 } }),
      '400': problem('The body is not valid', {
        malformedJson: problems.malformedJson(at(replay)),
      }),
      '404': notFound(replay, 'Webhook endpoint'),
      ...bodyErrors(replay),
      ...serviceErrors(replay),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path, body }) {
      res.status(202).json(
        await ctx.call(RpcContracts.replayWebhookEvents, {
          ...path,
          ...body,
          tenant_id: ctx.tenantOf(req),
        }),
      );
    },
  }),
];
