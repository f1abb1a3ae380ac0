import fc from 'fast-check';
import { SANDBOX_SENDGRID_WEBHOOK_KEYS, SANDBOX_WEBHOOK_SECRET } from '@switchboard/config';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
} from '@switchboard/providers';
import { nestedArrays, nestedObjects } from './edge-values';
import type { FuzzRequest } from './fuzz-runner';
import type { RequestSpace } from './fuzz-context';

/**
 * Bodies the parsers must refuse or survive: JSON routes with the wrong content type, a broken
 * charset, an unknown encoding or unparsable text; and JSON nested deeper than any parser should
 * follow, as a whole body and where a free-form object is allowed.
 */
export function malformedRequests(space: RequestSpace): {
  contentType: fc.Arbitrary<FuzzRequest>;
  nested: fc.Arbitrary<FuzzRequest>;
} {
  const { ctx, operations, jsonPosts, sendOps } = space;
  /** JSON routes with the wrong content type, a broken charset or an unparsable body. */
  const contentType = fc
    .record({
      o: fc.constantFrom(...jsonPosts),
      type: fc.constantFrom(
        undefined,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/json; charset=nonsense',
        'application/merge-patch+json',
        'application/json, text/plain',
        'APPLICATION/JSON',
        '*/*',
        '',
      ),
      raw: fc.oneof(
        fc.constantFrom(
          '{',
          '{"from":',
          '[]',
          'null',
          '"x"',
          '1',
          'true',
          '\ufeff{}',
          '{"a":1}{"a":2}',
          '{"a":NaN}',
          "{'a':1}",
          'from=%2B1&to=x',
          '<xml/>',
          '',
        ),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
      ),
      encoding: fc.constantFrom(
        undefined,
        undefined,
        undefined,
        'gzip',
        'deflate',
        'br',
        'identity',
        'x-unknown',
      ),
    })
    .map(({ o, type, raw, encoding }): FuzzRequest => ({
      kind: 'content-type',
      route: `${o.method} ${o.template}`,
      target: 'gateway',
      method: o.method,
      path: o.template,
      headers: {
        authorization: `Bearer ${ctx.attacker.key}`,
        ...(type === undefined ? {} : { 'content-type': type }),
        ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      },
      // A byte array leaves the content type as set (fetch adds one to strings).
      body: () => Buffer.from(raw),
      bodyPreview: JSON.stringify(raw.slice(0, 200)),
      may503: o.may503,
    }));

  /** Deeply nested JSON, as a whole body and where a free-form object is allowed. */
  const webhookJson = operations.filter(
    (o) => o.tags.includes('Webhooks') && o.op.requestBody?.content['application/json'],
  );
  const nested = fc
    .record({
      o: fc.constantFrom(...jsonPosts, ...webhookJson),
      depth: fc.constantFrom(64, 1_000, 10_000, 100_000),
      shape: fc.constantFrom('arrays', 'objects', 'metadata'),
      key: fc.option(fc.uuid(), { freq: 2 }),
    })
    .map(({ o, depth, shape, key }): FuzzRequest => {
      const webhook = webhookJson.includes(o);
      const op = shape === 'metadata' && !webhook ? (sendOps.includes(o) ? o : sendOps[0]!) : o;
      const text =
        shape === 'arrays'
          ? nestedArrays(depth)
          : shape === 'objects'
            ? nestedObjects(depth)
            : webhook
              ? `[{"event":"delivered","sg_event_id":"x","email":"a@b.c","custom":${nestedObjects(depth)}}]`
              : `{"from":"+15550100000","to":"+15550100001","body":"nested","metadata":{"deep":${nestedObjects(depth)}}}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      // Webhooks carry their proof of origin, so the nested body gets past it to the parser.
      const proof: Record<string, string> = !webhook
        ? { authorization: `Bearer ${ctx.attacker.key}` }
        : op.template === '/api/v1/webhooks/sendgrid'
          ? {
              [SENDGRID_TIMESTAMP_HEADER]: timestamp,
              [SENDGRID_SIGNATURE_HEADER]: signSendGridPayload(
                SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey,
                text,
                timestamp,
              ),
            }
          : { authorization: `Bearer ${SANDBOX_WEBHOOK_SECRET}` };
      return {
        kind: `nested:${shape}`,
        route: `${op.method} ${op.template}`,
        target: webhook ? 'webhook-ingest' : 'gateway',
        method: op.method,
        path: op.template,
        headers: {
          ...proof,
          'content-type': 'application/json',
          ...(key === null || webhook ? {} : { 'idempotency-key': key }),
        },
        body: () => text,
        bodyPreview: `(${shape} ${depth} deep${key === null ? '' : ', keyed'})`,
        may503: op.may503,
      };
    });
  return { contentType, nested };
}
