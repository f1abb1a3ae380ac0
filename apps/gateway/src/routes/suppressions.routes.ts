import type { Request } from 'express';
import {
  AddressError,
  looksLikeEmail,
  normalizeEmail,
  normalizePhone,
  type CountryCode,
} from '@switchboard/addressing';
import {
  AddSuppressionRequest,
  AddressParam,
  AppError,
  ListSuppressionsQuery,
  RemoveSuppressionQuery,
  RpcContracts,
  SuppressionList,
  SuppressionPage,
  SuppressionResource,
  type ChannelKind,
} from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import { bodyErrors, json, problem, serviceErrors } from '../openapi/response-docs';
import { problems } from '../openapi/problem-examples';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { routeDefiner, type Route } from '../routing/route-definition';

const route = routeDefiner<GatewayContext>();
const tags = ['Suppressions'];
const LIST = '/api/v1/suppressions';
const ONE = '/api/v1/suppressions/{address}';

/** A recipient as the list keys it: E.164 for a number, lower-cased for an email address. */
function normalized(
  raw: string,
  defaultCountry: string,
): { address: string; channel: ChannelKind } {
  try {
    return looksLikeEmail(raw)
      ? { address: normalizeEmail(raw), channel: 'email' }
      : { address: normalizePhone(raw, defaultCountry as CountryCode), channel: 'phone' };
  } catch (err) {
    if (!(err instanceof AddressError)) throw err;
    throw AppError.validation([{ field: 'address', message: err.message }]);
  }
}

/** Who acts, for the audit trail: the API key, or the kind of credential. */
function actorOf(ctx: GatewayContext, req: Request): string {
  const { key_id } = ctx.principalOf(req);
  return key_id ? `api-key:${key_id}` : 'api';
}

const entry: SuppressionResource = {
  id: '01a21c43-e04d-77cc-97ae-1d07b0f7316a',
  channel: 'phone',
  address: '+15559876543',
  sender: '+15551234567',
  reason: 'opt_out',
  source: '01a21c43-e04c-7a01-8c2e-5d3f0a9b1c2d',
  note: 'replied STOP',
  created_by: 'recipient',
  created_at: '2026-01-05T09:30:00.000Z',
};
const manual: SuppressionResource = {
  ...entry,
  id: '01a21c44-0a11-7b3c-9d2e-3f4a5b6c7d8e',
  channel: 'email',
  address: 'jane@example.com',
  sender: null,
  reason: 'manual',
  source: null,
  note: 'asked by phone not to be emailed',
  created_by: 'api-key:01a21c40-1111-7222-8333-444455556666',
};

/**
 * The tenant's suppression list: SMS/MMS opt-outs (reason `opt_out`) and email suppressions
 * (bounces, complaints, unsubscribes, SMTP rejections, manual entries) in one list, since both
 * answer the same question — may this tenant message this recipient. docs/COMPLIANCE.md.
 */
export const suppressionRoutes: Route<GatewayContext>[] = [
  route({
    method: 'get',
    path: LIST,
    operationId: 'listSuppressions',
    tags,
    summary: 'List the suppression list',
    description:
      'Opt-outs and email suppressions, newest first, cursor-paginated; filter by `channel` and `reason`.',
    request: { query: ListSuppressionsQuery },
    responses: {
      '200': json('A page of entries', SuppressionPage, {
        page: { data: [manual, entry], next_cursor: null },
      }),
      '400': problem('A query parameter is not valid', {
        badQuery: problems.badListQuery(LIST),
      }),
      ...serviceErrors(LIST),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, query }) {
      res.json(
        await ctx.call(RpcContracts.listSuppressions, { ...query, tenant_id: ctx.tenantOf(req) }),
      );
    },
  }),
  route({
    method: 'post',
    path: LIST,
    operationId: 'addSuppression',
    tags,
    summary: 'Suppress a recipient',
    description:
      'Puts a phone number or email address on the list by hand (reason `manual`, every sender of the account): no message is sent to it until it is removed. Already on the list: answers the entry there.',
    request: {
      body: {
        schema: AddSuppressionRequest,
        examples: { manual: { value: { address: 'Jane@Example.com', note: 'asked by phone' } } },
      },
    },
    responses: {
      '201': json('The entry', SuppressionResource, { manual }),
      '400': problem('The address is not a phone number or email address', {
        malformedJson: problems.malformedJson(LIST),
      }),
      ...bodyErrors(LIST),
      ...serviceErrors(LIST),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const suppression = await ctx.call(RpcContracts.addSuppression, {
        ...normalized(body.address, ctx.defaultCountry),
        note: body.note ?? null,
        actor: actorOf(ctx, req),
        tenant_id: ctx.tenantOf(req),
      });
      res.status(201).json(suppression);
    },
  }),
  route({
    method: 'get',
    path: ONE,
    operationId: 'getSuppression',
    tags,
    summary: "A recipient's entries",
    description:
      'Whether and why the recipient is suppressed: one entry per sender it covers. `404` when the account may message them.',
    request: { path: AddressParam },
    responses: {
      '200': json('Its entries', SuppressionList, {
        optedOut: { address: entry.address, data: [entry] },
      }),
      '404': problem('The recipient is not on the list', {
        notFound: problems.notFound(ONE.replace('{address}', '%2B15550001111'), 'Suppression'),
      }),
      ...serviceErrors(ONE),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path }) {
      const { address } = normalized(path.address, ctx.defaultCountry);
      res.json(
        await ctx.call(RpcContracts.getSuppression, { address, tenant_id: ctx.tenantOf(req) }),
      );
    },
  }),
  route({
    method: 'delete',
    path: ONE,
    operationId: 'removeSuppression',
    tags,
    summary: 'Remove a recipient from the list',
    description:
      'Removes every entry of the recipient (all senders, all reasons) — for instance after they gave consent again elsewhere. `reason` is required and kept with who removed it in the audit trail. Answers the entries removed; `404` when there were none.',
    request: { path: AddressParam, query: RemoveSuppressionQuery },
    responses: {
      '200': json('The entries removed', SuppressionList, {
        removed: { address: manual.address, data: [manual] },
      }),
      '404': problem('The recipient is not on the list', {
        notFound: problems.notFound(ONE.replace('{address}', '%2B15550001111'), 'Suppression'),
      }),
      ...serviceErrors(ONE),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, path, query }) {
      const { address } = normalized(path.address, ctx.defaultCountry);
      res.json(
        await ctx.call(RpcContracts.removeSuppression, {
          address,
          reason: query.reason,
          actor: actorOf(ctx, req),
          tenant_id: ctx.tenantOf(req),
        }),
      );
    },
  }),
];
