import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  CompatEmailRequest,
  IdParam,
  ListMessagesQuery,
  RpcContracts,
  SendMessageRequest,
} from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import { storedIdempotencyKey } from '../idempotency/idempotency.middleware';
import { toSendCommand } from '../send-command';
import type { GatewayContext } from '../gateway-context';

/** `/api/v1/messages`: send, list, read, lifecycle. */
export function messagesRouter(ctx: GatewayContext): Router {
  const router = Router();

  router.post('/send', async (req, res) => {
    const request = parseOrThrow(SendMessageRequest, req.body);
    const message = await ctx.call(RpcContracts.sendMessage, {
      ...toSendCommand(request, ctx.tenantOf(req), ctx.defaultCountry, ctx.attachmentHostAllowlist),
      idempotency_key: storedIdempotencyKey(req),
    });
    res.status(201).location(`/api/v1/messages/${message.id}`).json(message);
  });

  router.get('/', async (req, res) => {
    const query = parseOrThrow(ListMessagesQuery, req.query);
    res.json(await ctx.call(RpcContracts.listMessages, { ...query, tenant_id: ctx.tenantOf(req) }));
  });

  router.get('/:id', async (req, res) => {
    res.json(
      await ctx.call(RpcContracts.getMessage, { ...idOf(req), tenant_id: ctx.tenantOf(req) }),
    );
  });

  router.get('/:id/events', async (req, res) => {
    res.json(
      await ctx.call(RpcContracts.listMessageEvents, {
        ...idOf(req),
        tenant_id: ctx.tenantOf(req),
      }),
    );
  });

  router.post('/:id/retry', async (req, res) => {
    const message = await ctx.call(RpcContracts.retryMessage, {
      ...idOf(req),
      tenant_id: ctx.tenantOf(req),
    });
    res.status(202).json(message);
  });

  return router;
}

export function idOf(req: Request): { id: string } {
  return parseOrThrow(IdParam, req.params);
}

/**
 * `POST /api/messages/email`'s body. An email posted to `/sms` is redirected here with its body
 * unchanged, so this route also takes the `type: "email"` it still carries.
 */
export const CompatEmailBody = CompatEmailRequest.extend({
  type: z.literal('email').optional().describe('Optional: `email` is the only type taken here'),
}).describe('An email to send, in the compatible API: the fields of the v1 send request');

/**
 * The widely used take-home messaging API: `POST /api/messages/sms` and `/api/messages/email`
 * with its exact payloads, answered with the stored message.
 */
export function compatMessagesRouter(ctx: GatewayContext): Router {
  const router = Router();
  router.post('/sms', async (req, res) => {
    const request = parseOrThrow(SendMessageRequest, req.body);
    const type = request.type ?? (request.attachments?.length ? 'mms' : 'sms');
    if (type === 'email') {
      return void res.redirect(307, '/api/messages/email');
    }
    const message = await ctx.call(RpcContracts.sendMessage, {
      ...toSendCommand(
        { ...request, type },
        ctx.tenantOf(req),
        ctx.defaultCountry,
        ctx.attachmentHostAllowlist,
      ),
      idempotency_key: storedIdempotencyKey(req),
    });
    res.status(201).json(message);
  });
  router.post('/email', async (req, res) => {
    const { type: _type, ...request } = parseOrThrow(CompatEmailBody, req.body);
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
  });
  return router;
}
