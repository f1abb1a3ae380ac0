import { Router } from 'express';
import {
  looksLikeEmail,
  normalizeEmail,
  normalizePhone,
  type CountryCode,
} from '@switchboard/addressing';
import {
  AppError,
  ListConversationsQuery,
  PageQuery,
  RpcContracts,
  SearchConversationsRequest,
} from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import type { GatewayContext } from '../gateway-context';
import { idOf } from './messages.routes';

function normalizeParticipant(raw: string, defaultCountry: string): string {
  try {
    return looksLikeEmail(raw)
      ? normalizeEmail(raw)
      : normalizePhone(raw, defaultCountry as CountryCode);
  } catch (err) {
    throw AppError.validation([{ field: 'participant', message: (err as Error).message }]);
  }
}

/** `/api/v1/conversations` (and, with the same handlers, the compatible `/api/conversations`). */
export function conversationsRouter(ctx: GatewayContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseOrThrow(ListConversationsQuery, req.query);
    const participant = query.participant
      ? normalizeParticipant(query.participant, ctx.defaultCountry)
      : undefined;
    res.json(
      await ctx.call(RpcContracts.listConversations, {
        ...query,
        ...(participant ? { participant } : {}),
        tenant_id: ctx.tenantOf(req),
      }),
    );
  });

  router.post('/search', async (req, res) => {
    const request = parseOrThrow(SearchConversationsRequest, req.body);
    res.json(
      await ctx.call(RpcContracts.searchConversations, {
        ...request,
        tenant_id: ctx.tenantOf(req),
      }),
    );
  });

  router.get('/:id', async (req, res) => {
    res.json(
      await ctx.call(RpcContracts.getConversation, { ...idOf(req), tenant_id: ctx.tenantOf(req) }),
    );
  });

  router.get('/:id/messages', async (req, res) => {
    const page = parseOrThrow(PageQuery, req.query);
    res.json(
      await ctx.call(RpcContracts.listConversationMessages, {
        ...page,
        ...idOf(req),
        tenant_id: ctx.tenantOf(req),
      }),
    );
  });

  return router;
}
