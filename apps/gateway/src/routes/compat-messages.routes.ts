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
    description: `The widely used take-home messaging API: the same fields as \`POST /api/v1/messages/send\`. \`type\` is \`sms\` or \`mms\` (inferred from \`attachments\` when omitted); a request with \`type: email\` is redirected to \`/api/messages/email\` (with its \`Idempotency-Key\`, which covers both routes).\n\n${idempotencyDescription}`,
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
        description: 'An email: repeat the request at `/api/messages/email`',
        headers: z.object({
          location: z.literal('/api/messages/email').describe('Where to send it'),
        }),
      },
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const type = body.type ?? (body.attachments?.length ? 'mms' : 'sms');
      if (type === 'email') {
        return void res.redirect(307, '/api/messages/email');
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
];
