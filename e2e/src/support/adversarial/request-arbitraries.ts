import fc from 'fast-check';
import { authArbitraries } from './auth-arbitraries';
import { operationsOf, requestSpace, type FuzzContext } from './fuzz-context';
import type { FuzzRequest } from './fuzz-runner';
import { hugeRequests } from './huge-requests';
import { malformedRequests } from './malformed-requests';
import { openapiRequests } from './openapi-requests';
import { targetIds } from './target-ids';
import { tenantRequests } from './tenant-requests';
import { webhookArbitrary } from './webhook-requests';

/**
 * The requests of one run, in the order they are sent: one per documented operation, then
 * `requests` generated ones (`seed` replays them exactly), with the boundary requests spread
 * over the run rather than sent in one burst.
 */
export function fuzzRun(ctx: FuzzContext, requests: number, seed: number): FuzzRequest[] {
  const { arbitrary, boundaries } = fuzzRequests(ctx);
  const sampled = fc.sample(arbitrary, { numRuns: requests, seed });
  const every = Math.max(1, Math.floor(sampled.length / boundaries.length));
  return [
    ...tourOf(ctx),
    ...sampled.flatMap((request, i) =>
      i % every === 0 && boundaries[i / every] ? [boundaries[i / every]!, request] : [request],
    ),
    ...boundaries.slice(Math.ceil(sampled.length / every)),
  ];
}

/**
 * Every request kind the suite sends, as one fast-check arbitrary whose weights decide the mix of
 * a run (mostly schema-driven requests that reach the handlers; a few huge bodies), and the
 * boundary requests every run sends besides: each large shape with each fill.
 */
function fuzzRequests(ctx: FuzzContext): {
  arbitrary: fc.Arbitrary<FuzzRequest>;
  boundaries: FuzzRequest[];
} {
  const space = requestSpace(ctx);
  const auth = authArbitraries(ctx);
  const ids = targetIds(ctx);
  const { openapi, operational } = openapiRequests(space, { ...auth, ...ids });
  const { contentType, nested } = malformedRequests(space);
  const { huge, boundaries } = hugeRequests(space);
  const { credentials, crossTenant } = tenantRequests(space, { ...auth, ...ids });

  const arbitrary = fc.oneof(
    { arbitrary: openapi, weight: 50 },
    { arbitrary: webhookArbitrary(ctx, space.operations), weight: 20 },
    { arbitrary: credentials, weight: 8 },
    { arbitrary: crossTenant, weight: 8 },
    { arbitrary: contentType, weight: 8 },
    { arbitrary: operational, weight: 3 },
    { arbitrary: nested, weight: 2 },
    { arbitrary: huge, weight: 1 },
  );
  return { arbitrary, boundaries };
}

/**
 * One plain request per documented operation (the attacker's own ids, an empty JSON object as
 * the body), so every run tries every route whatever its size.
 */
function tourOf(ctx: FuzzContext): FuzzRequest[] {
  return operationsOf(ctx.doc).map((o) => {
    const post = o.method === 'POST';
    return {
      kind: 'tour',
      route: `${o.method} ${o.template}`,
      target: 'gateway',
      method: o.method,
      path: o.template.replace('{id}', ctx.attacker.ids[0]!),
      headers: {
        authorization: `Bearer ${ctx.attacker.key}`,
        ...(post ? { 'content-type': 'application/json' } : {}),
      },
      ...(post ? { body: () => '{}', bodyPreview: '{}' } : {}),
      may503: o.may503,
    };
  });
}
