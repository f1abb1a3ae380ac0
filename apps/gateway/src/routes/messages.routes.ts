import {
  IdParam,
  ListMessagesQuery,
  MessageEventList,
  MessagePage,
  MessageResource,
  RpcContracts,
  SendMessageRequest,
} from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import { storedIdempotencyKey } from '../idempotency/idempotency.middleware';
import * as examples from '../openapi/message-examples';
import { problems } from '../openapi/problem-examples';
import { IdempotencyKeyHeader, idempotencyDescription } from '../openapi/resilience-docs';
import {
  examplesOf,
  idErrors,
  json,
  notModified,
  pathOf,
  problem,
  serviceErrors,
} from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { sendDescription, sendResponses } from '../openapi/send-docs';
import { sendConditionalJson } from '../routing/conditional-json';
import { routeDefiner } from '../routing/route-definition';
import { toSendCommand } from '../send-command';

const route = routeDefiner<GatewayContext>();
const tags = ['Messages'];

/** `/api/v1/messages`: send, list, read, lifecycle, retry. */
export const messageRoutes = [
  route({
    method: 'post',
    path: '/api/v1/messages/send',
    operationId: 'sendMessage',
    tags,
    summary: 'Send an SMS, MMS, email, call or voicemail',
    description: `${sendDescription}\n\n${idempotencyDescription}`,
    request: {
      header: IdempotencyKeyHeader,
      body: {
        schema: SendMessageRequest,
        examples: examplesOf({
          sms: { summary: 'An SMS', value: examples.sendRequests.sms },
          mms: {
            summary: 'An MMS (type inferred from the attachments)',
            value: examples.sendRequests.mms,
          },
          email: {
            summary: 'An email (type inferred from the addresses)',
            value: examples.sendRequests.email,
          },
          voice: { summary: 'A call that speaks the text', value: examples.sendRequests.voice },
          voicemail: {
            summary: 'A voicemail drop that hangs up on people',
            value: examples.sendRequests.voicemail,
          },
        }),
      },
    },
    responses: sendResponses(
      '/api/v1/messages/send',
      {
        sms: examples.messages.queuedSms,
        mms: examples.messages.queuedMms,
        email: examples.messages.queuedEmail,
        voice: examples.messages.queuedVoice,
        voicemail: examples.messages.queuedVoicemail,
      },
      { location: true },
    ),
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const message = await ctx.call(RpcContracts.sendMessage, {
        ...toSendCommand(body, ctx.tenantOf(req), ctx.defaultCountry, ctx.attachmentHostAllowlist),
        idempotency_key: storedIdempotencyKey(req),
      });
      res.status(201).location(`/api/v1/messages/${message.id}`).json(message);
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/messages',
    operationId: 'listMessages',
    tags,
    summary: 'List messages, newest first',
    description:
      'Cursor-paginated: pass `next_cursor` back as `cursor` until it is null. Pages never repeat or skip a message, even while new ones arrive.',
    request: { query: ListMessagesQuery },
    responses: {
      '200': json('A page of messages', MessagePage, { page: examples.messagePage }),
      ...notModified(),
      '400': problem('A query parameter is not valid', {
        badQuery: problems.badListQuery('/api/v1/messages'),
      }),
      ...serviceErrors('/api/v1/messages'),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, query }) {
      sendConditionalJson(
        req,
        res,
        await ctx.call(RpcContracts.listMessages, { ...query, tenant_id: ctx.tenantOf(req) }),
      );
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/messages/{id}',
    operationId: 'getMessage',
    tags,
    summary: 'Get a message',
    description: 'The message with its current status and provider details.',
    request: { path: IdParam },
    responses: {
      '200': json('The message', MessageResource, { sent: examples.messages.sentSms }),
      ...idErrors('/api/v1/messages/{id}', 'Message'),
      ...serviceErrors('/api/v1/messages/{id}'),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      res.json(await ctx.call(RpcContracts.getMessage, { ...path, tenant_id: ctx.tenantOf(req) }));
    },
  }),
  route({
    method: 'get',
    path: '/api/v1/messages/{id}/events',
    operationId: 'listMessageEvents',
    tags,
    summary: "A message's lifecycle",
    description:
      'Every status event recorded for the message, oldest first: `queued`, `sending`, `sent`, then provider callbacks such as `delivered`. Late events that would move the status backwards are listed with `applied: false`.',
    request: { path: IdParam },
    responses: {
      '200': json('Its events', MessageEventList, { lifecycle: examples.messageEvents }),
      ...idErrors('/api/v1/messages/{id}/events', 'Message'),
      ...serviceErrors('/api/v1/messages/{id}/events'),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      res.json(
        await ctx.call(RpcContracts.listMessageEvents, { ...path, tenant_id: ctx.tenantOf(req) }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/api/v1/messages/{id}/retry',
    operationId: 'retryMessage',
    tags,
    summary: 'Retry a failed message',
    description:
      'Re-queues a `failed` outbound message for a new dispatch (a new generation: its lifecycle shows a fresh `queued`, and the error is cleared). It is sent when retried, not in its original place in the conversation. Anything but a failed outbound message answers `409`.',
    request: { path: IdParam },
    responses: {
      '202': json('Queued again', MessageResource, { queued: examples.messages.queuedSms }),
      '409': problem('The message is not a failed outbound message', {
        notFailed: {
          type: 'urn:switchboard:problem:conflict',
          title: 'Conflict',
          status: 409,
          detail: 'Only failed outbound messages can be retried; this one is outbound and sent',
          instance: pathOf('/api/v1/messages/{id}/retry'),
        },
      }),
      ...idErrors('/api/v1/messages/{id}/retry', 'Message'),
      ...serviceErrors('/api/v1/messages/{id}/retry'),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      const message = await ctx.call(RpcContracts.retryMessage, {
        ...path,
        tenant_id: ctx.tenantOf(req),
      });
      res.status(202).json(message);
    },
  }),
];
