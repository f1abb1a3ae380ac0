import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-runner';
import type { Operation, RequestSpace } from './fuzz-context';
import { asParam, headerSafe, jsonBody, percentEncode, queryString } from './request-encoding';
import { schemaArbitrary } from './schema-arbitrary';

/**
 * Requests that follow the document: each client operation with generated JSON, queries, ids,
 * credentials and idempotency keys; and the operational endpoints, docs and unrouted paths.
 */
export function openapiRequests(
  space: RequestSpace,
  {
    anyAuth,
    idValue,
    pathOf,
  }: {
    anyAuth: fc.Arbitrary<Record<string, string>>;
    idValue: fc.Arbitrary<string>;
    pathOf: (template: string, id: string) => string;
  },
): { openapi: fc.Arbitrary<FuzzRequest>; operational: fc.Arbitrary<FuzzRequest> } {
  const { operations, components, client } = space;
  /** Query parameters from the operation's own declarations, plus strays and repeats. */
  const queryOf = (o: Operation): fc.Arbitrary<string> => {
    const declared = (o.op.parameters ?? []).filter((p) => p.in === 'query');
    if (declared.length === 0) return fc.constant('');
    const values = fc.record(
      Object.fromEntries(
        declared.map((p) => [
          p.name,
          p.name === 'conversation_id'
            ? fc.oneof(idValue, schemaArbitrary(p.schema, components, p.name))
            : schemaArbitrary(p.schema, components, p.name),
        ]),
      ),
      { requiredKeys: [] },
    );
    return fc.oneof(
      {
        arbitrary: values.map((v) =>
          queryString(Object.entries(v).map(([k, x]) => [k, asParam(x)] as const)),
        ),
        weight: 6,
      },
      {
        // Repeated and bracketed keys: qs turns them into arrays and objects.
        arbitrary: fc
          .tuple(
            fc.constantFrom(...declared.map((p) => p.name)),
            fc.string({ maxLength: 10 }),
            fc.string({ maxLength: 10 }),
          )
          .map(
            ([k, a, b]) => `?${k}=${percentEncode(a)}&${k}=${percentEncode(b)}&${k}[x]=1&${k}[]=2`,
          ),
        weight: 1,
      },
      {
        arbitrary: fc.constantFrom(
          '?',
          '?&&&',
          '?limit',
          '?limit=%',
          '?limit=%zz',
          '?a[__proto__][x]=1',
          `?cursor=${'A'.repeat(8_000)}`,
        ),
        weight: 1,
      },
    );
  };

  const idempotencyKey = fc.option(
    fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 300 }),
      fc.constantFrom('k', 'same-key-for-every-body'),
    ),
    { freq: 3 },
  );

  /** Random and boundary JSON (and queries, ids, headers) for every client operation. */
  const openapi = fc.constantFrom(...client).chain((o) => {
    const schema = o.op.requestBody?.content['application/json']?.schema;
    return fc
      .record({
        id: idValue,
        query: queryOf(o),
        auth: anyAuth,
        key: o.op.parameters?.some((p) => p.name === 'Idempotency-Key')
          ? idempotencyKey
          : fc.constant(null),
        body: schema ? schemaArbitrary(schema, components) : fc.constant(undefined),
      })
      .map(({ id, query, auth, key, body }): FuzzRequest => ({
        kind: 'openapi',
        route: `${o.method} ${o.template}`,
        target: 'gateway',
        method: o.method,
        path: pathOf(o.template, id) + query,
        headers: {
          ...auth,
          ...(key === null ? {} : { 'idempotency-key': headerSafe(key) }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : jsonBody(body)),
        may503: o.may503,
        // A keyed send repeated: the second must be the first answer, replayed.
        replay: key !== null && o.method === 'POST',
      }));
  });

  /** Operational endpoints, docs and routes nobody serves. */
  const operational = fc
    .record({
      path: fc.oneof(
        fc.constantFrom(
          ...operations.filter((o) => o.tags.includes('Operations')).map((o) => o.template),
        ),
        fc.constantFrom(
          '/',
          '/api',
          '/api/v1',
          '/api/v2/messages',
          '/api/v1/messages/send/extra',
          '/%',
          '/api/v1/%c0%ae%c0%ae/',
          '/api/v1/docs/../../etc/passwd',
          '/..%2f..%2f',
        ),
      ),
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      target: fc.constantFrom('gateway' as const, 'webhook-ingest' as const),
    })
    .map(({ path, method, target }): FuzzRequest => ({
      kind: 'operational',
      route: `${method} ${operations.some((o) => o.template === path) ? path : '(unrouted)'}`,
      target,
      method,
      path,
      headers: {},
      may503: path === '/ready',
    }));
  return { openapi, operational };
}
