import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-runner';
import type { RequestSpace } from './fuzz-context';
import { jsonBody, queryString } from './request-encoding';

/**
 * Requests that try to be someone else: random API keys and JWTs on every client operation, and
 * the attacker's tenant aiming every id route, filter and search at the victim's data.
 */
export function tenantRequests(
  space: RequestSpace,
  {
    attackerAuth,
    badAuth,
    idValue,
    pathOf,
  }: {
    attackerAuth: fc.Arbitrary<Record<string, string>>;
    badAuth: fc.Arbitrary<Record<string, string>>;
    idValue: fc.Arbitrary<string>;
    pathOf: (template: string, id: string) => string;
  },
): { credentials: fc.Arbitrary<FuzzRequest>; crossTenant: fc.Arbitrary<FuzzRequest> } {
  const { ctx, client, withId } = space;
  /** Random API keys and JWTs on every client operation. */
  const credentials = fc
    .record({ o: fc.constantFrom(...client), auth: badAuth, id: idValue })
    .map(({ o, auth, id }): FuzzRequest => ({
      kind: 'credentials',
      route: `${o.method} ${o.template}`,
      target: 'gateway',
      method: o.method,
      path: pathOf(o.template, id),
      headers: { ...auth, ...(o.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(o.method === 'POST' ? { body: () => '{}' } : {}),
      may503: o.may503,
    }));

  /** The attacker's tenant aims every id route, filter and search at the victim's data. */
  const crossTenant = fc
    .record({
      o: fc.constantFrom(...withId, ...client.filter((o) => !o.template.includes('{id}'))),
      id: fc.constantFrom(...ctx.victimIds),
      participant: fc.constantFrom(...ctx.victimParticipants),
      auth: attackerAuth,
    })
    .map(({ o, id, participant, auth }): FuzzRequest => {
      const search = o.template.endsWith('/search');
      const list = o.method === 'GET' && !o.template.includes('{id}');
      const send = o.method === 'POST' && !search && !o.template.includes('{id}');
      const body = search
        ? { query: ctx.victimSearchWord }
        : send
          ? o.template.endsWith('/batch')
            ? {
                messages: [
                  { from: '+15550100000', to: '+15550100001', body: ctx.victimSearchWord },
                ],
              }
            : { from: 'support@switchboard.test', to: 'jane@example.com', body: 're: hello' }
          : undefined;
      return {
        kind: 'cross-tenant',
        route: `${o.method} ${o.template}`,
        target: 'gateway',
        method: o.method,
        // A list is filtered by the victim's conversation, or by a participant of the victim's.
        path: list
          ? `${o.template}${queryString(
              (o.op.parameters ?? []).some((p) => p.name === 'conversation_id')
                ? [['conversation_id', id]]
                : [['participant', participant]],
            )}`
          : pathOf(o.template, id),
        headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : jsonBody(body)),
        may503: o.may503,
      };
    });

  return { credentials, crossTenant };
}
