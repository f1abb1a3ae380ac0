import {
  looksLikeEmail,
  normalizeEmail,
  normalizePhone,
  type CountryCode,
} from '@switchboard/addressing';
import {
  AppError,
  ConversationPage,
  ConversationResource,
  IdParam,
  ListConversationsQuery,
  MessagePage,
  PageQuery,
  RpcContracts,
  SearchConversationsRequest,
  SearchResult,
} from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import * as examples from '../openapi/message-examples';
import { problems } from '../openapi/problem-examples';
import {
  bodyErrors,
  examplesOf,
  idErrors,
  json,
  notModified,
  problem,
  serviceErrors,
} from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { sendConditionalJson } from '../routing/conditional-json';
import { routeDefiner, type Route } from '../routing/route-definition';

function normalizeParticipant(raw: string, defaultCountry: string): string {
  try {
    return looksLikeEmail(raw)
      ? normalizeEmail(raw)
      : normalizePhone(raw, defaultCountry as CountryCode);
  } catch (err) {
    throw AppError.validation([{ field: 'participant', message: (err as Error).message }]);
  }
}

const route = routeDefiner<GatewayContext>();

/**
 * The conversation routes under `prefix`: `/api/v1/conversations`, and with the same handlers the
 * compatible `/api/conversations` (under its own tag and operation ids).
 */
export function conversationRoutes(
  prefix: string,
  tag: string,
  op: (name: string) => string = (name) => name,
): Route<GatewayContext>[] {
  const tags = [tag];
  const search = `${prefix}/search`;
  const one = `${prefix}/{id}`;
  const messages = `${prefix}/{id}/messages`;
  return [
    route({
      method: 'get',
      path: prefix,
      operationId: op('listConversations'),
      tags,
      summary: 'List conversations by last activity',
      description:
        'Newest activity first, cursor-paginated. `participant` finds the conversations of one phone number or email address, however it is written.',
      request: { query: ListConversationsQuery },
      responses: {
        '200': json('A page of conversations', ConversationPage, {
          page: examples.conversationPage,
        }),
        ...notModified(),
        '400': problem('A query parameter is not valid', {
          badParticipant: problems.badParticipant(prefix),
        }),
        ...serviceErrors(prefix),
      },
      security: CLIENT_CREDENTIALS,
      async handle(ctx, { req, res, query }) {
        const participant = query.participant
          ? normalizeParticipant(query.participant, ctx.defaultCountry)
          : undefined;
        sendConditionalJson(
          req,
          res,
          await ctx.call(RpcContracts.listConversations, {
            ...query,
            ...(participant ? { participant } : {}),
            tenant_id: ctx.tenantOf(req),
          }),
        );
      },
    }),
    route({
      method: 'post',
      path: search,
      operationId: op('searchConversations'),
      tags,
      summary: 'Search conversations by message text',
      description:
        'Full-text search over message bodies and subjects. Answers the matching conversations, most recently matched first, each with its matching messages; an empty `data` when nothing matches.',
      request: {
        body: { schema: SearchConversationsRequest, examples: examplesOf(examples.searchRequests) },
      },
      responses: {
        '200': json('Matching conversations', SearchResult, {
          found: { summary: 'A match', value: examples.searchResults.found },
          none: { summary: 'No match', value: examples.searchResults.none },
        }),
        '400': problem('The request is not valid', {
          malformedJson: problems.malformedJson(search),
        }),
        ...bodyErrors(search),
        ...serviceErrors(search),
      },
      security: CLIENT_CREDENTIALS,
      async handle(ctx, { req, res, body }) {
        res.json(
          await ctx.call(RpcContracts.searchConversations, {
            ...body,
            tenant_id: ctx.tenantOf(req),
          }),
        );
      },
    }),
    route({
      method: 'get',
      path: one,
      operationId: op('getConversation'),
      tags,
      summary: 'Get a conversation',
      description: 'Its participants, channel, message count and latest message.',
      request: { path: IdParam },
      responses: {
        '200': json('The conversation', ConversationResource, {
          conversation: examples.conversation,
        }),
        ...idErrors(one, 'Conversation'),
        ...serviceErrors(one),
      },
      security: CLIENT_CREDENTIALS,
      async handle(ctx, { req, res, path }) {
        res.json(
          await ctx.call(RpcContracts.getConversation, { ...path, tenant_id: ctx.tenantOf(req) }),
        );
      },
    }),
    route({
      method: 'get',
      path: messages,
      operationId: op('listConversationMessages'),
      tags,
      summary: "List a conversation's messages, oldest first",
      description: 'Both directions, in the order they were stored; cursor-paginated.',
      request: { path: IdParam, query: PageQuery },
      responses: {
        '200': json('A page of messages', MessagePage, { page: examples.lastPage }),
        ...notModified(),
        ...idErrors(messages, 'Conversation'),
        ...serviceErrors(messages),
      },
      security: CLIENT_CREDENTIALS,
      async handle(ctx, { req, res, path, query }) {
        sendConditionalJson(
          req,
          res,
          await ctx.call(RpcContracts.listConversationMessages, {
            ...query,
            ...path,
            tenant_id: ctx.tenantOf(req),
          }),
        );
      },
    }),
  ];
}
