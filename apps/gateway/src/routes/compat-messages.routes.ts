import { z } from 'zod';
import { CompatEmailRequest, RpcContracts, SendMessageRequest } from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import { storedIdempotencyKey } from '../idempotency/idempotency.middleware';
import { compatMessages, compatRequests } from '../openapi/message-examples';
import { IdempotencyKeyHeader, idempotencyDescription } from '../openapi/resilience-docs';
import { examplesOf } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { sendResponses } from '../openapi/send-docs';
import { routeDefiner } from '../routing/route-definition';
import { toSendCommand } from '../send-command';

/**
 * `POST /api/messages/email`'s body. An email posted to `/sms` is redirected here with its body
 * unchanged, so this route also takes the `type: "email"` it still carries.
 */
export const CompatEmailBody = CompatEmailRequest.extend({
  type: z.literal('email').optional().describe('Optional: `email` is the only type taken here'),
}).describe('An email to send, in the compatible API: the fields of the v1 send request');

const route = routeDefiner<GatewayContext>();
const tags = ['Compatible API'];

/** `POST /api/messages/voice`'s body: a call or voicemail drop, `voice` unless said otherwise. */
export const CompatVoiceBody = SendMessageRequest.extend({
  type: z
    .enum(['voice', 'voicemail'])
    .default('voice')
    .describe('`voice` (the default) or `voicemail`'),
}).describe('A call to place, in the compatible API: the fields of the v1 send request');

/**
 * The widely used take-home messaging API: `POST /api/messages/sms` and `/api/messages/email`
 * with its exact payloads, answered with the stored message.
 */
export const compatMessageRoutes = [
  route({
    method: 'post',
    path: '/api/messages/sms',
    operationId: 'compatSendSms',
    tags,
    summary: 'Send an SMS or MMS (compatible API)',
    description: `The widely used take-home messaging API: the same fields as \`POST /api/v1/messages/send\`. \`type\` is \`sms\` or \`mms\` (inferred from \`attachments\` when omitted); a request with \`type: email\` is redirected to \`/api/messages/email\`, one with \`type: voice\` or \`voicemail\` to \`/api/messages/voice\` (with its \`Idempotency-Key\`, which covers these routes).\n\n${idempotencyDescription}`,
    request: {
      header: IdempotencyKeyHeader,
      body: {
        schema: SendMessageRequest,
        examples: examplesOf({ sms: compatRequests.sms, mms: compatRequests.mms }),
      },
    },
    responses: {
      ...sendResponses(
        '/api/messages/sms',
        { sms: compatMessages.sms, mms: compatMessages.mms },
        { location: false },
      ),
      '307': {
        description:
          'An email or a call: repeat the request at `/api/messages/email` or `/api/messages/voice`',
        headers: z.object({
          location: z
            .enum(['/api/messages/email', '/api/messages/voice'])
            .describe('Where to send it'),
        }),
      },
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const type = body.type ?? (body.attachments?.length ? 'mms' : 'sms');
      if (type === 'email') {
        return void res.redirect(307, '/api/messages/email');
      }
      if (type === 'voice' || type === 'voicemail') {
        return void res.redirect(307, '/api/messages/voice');
      }
      const message = await ctx.call(RpcContracts.sendMessage, {
        ...toSendCommand(
          { ...body, type },
          ctx.tenantOf(req),
          ctx.defaultCountry,
          ctx.attachmentHostAllowlist,
        ),
        idempotency_key: storedIdempotencyKey(req),
      });
      res.status(201).json(message);
    },
  }),
  route({
    method: 'post',
    path: '/api/messages/email',
    operationId: 'compatSendEmail',
    tags,
    summary: 'Send an email (compatible API)',
    description: `The widely used take-home messaging API: the fields of \`POST /api/v1/messages/send\`, where \`type\` can only be \`email\` and may be left out. The body may be HTML.\n\n${idempotencyDescription}`,
    request: {
      header: IdempotencyKeyHeader,
      body: { schema: CompatEmailBody, examples: examplesOf({ email: compatRequests.email }) },
    },
    responses: sendResponses(
      '/api/messages/email',
      { email: compatMessages.email },
      { location: false },
    ),
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const { type: _type, ...request } = body;
      const message = await ctx.call(RpcContracts.sendMessage, {
        ...toSendCommand(
          { ...request, type: 'email' },
          ctx.tenantOf(req),
          ctx.defaultCountry,
          ctx.attachmentHostAllowlist,
        ),
        idempotency_key: storedIdempotencyKey(req),
      });
      res.status(201).json(message);
    },
  }),
  route({
    method: 'post',
    path: '/api/messages/voice',
    operationId: 'compatSendVoice',
    tags,
    summary: 'Place a call or leave a voicemail (compatible API)',
    description: `Mirrors \`POST /api/messages/sms\`: the fields of \`POST /api/v1/messages/send\`, where \`type\` is \`voice\` (the default: a call that speaks \`body\` or plays the one audio attachment) or \`voicemail\` (left after the answering machine's beep).\n\n${idempotencyDescription}`,
    request: {
      header: IdempotencyKeyHeader,
      body: { schema: CompatVoiceBody, examples: examplesOf({ voicemail: compatRequests.voice }) },
    },
    responses: sendResponses(
      '/api/messages/voice',
      { voicemail: compatMessages.voice },
      { location: false },
    ),
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const message = await ctx.call(RpcContracts.sendMessage, {
        ...toSendCommand(body, ctx.tenantOf(req), ctx.defaultCountry, ctx.attachmentHostAllowlist),
        idempotency_key: storedIdempotencyKey(req),
      });
      res.status(201).json(message);
    },
  }),
];
