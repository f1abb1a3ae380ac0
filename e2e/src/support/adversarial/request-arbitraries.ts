import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { SANDBOX_SENDGRID_WEBHOOK_KEYS, SANDBOX_WEBHOOK_SECRET } from '@switchboard/config';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
  signTwilioRequest,
} from '@switchboard/providers';
import {
  LARGE_FILL_UNITS,
  edgeEmails,
  edgePhoneNumbers,
  edgeStrings,
  largeText,
  nestedArrays,
  nestedObjects,
} from './edge-values';
import type { FuzzRequest } from './fuzz-runner';
import { schemaArbitrary, type JsonSchema, type SchemaComponents } from './schema-arbitrary';

/** The parts of the gateway's OpenAPI document the generators read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: SchemaComponents };
}
interface OpenApiOperation {
  tags?: string[];
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
}

/** What exists when the requests are generated: the attacker's and the victim's data and keys. */
export interface FuzzContext {
  doc: OpenApiDocument;
  /** The public base URL Twilio signs (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
  twilioAuthToken: string;
  /** Credentials of the tenant the generated requests act as (never the victim's). */
  attacker: { key: string; tokens: readonly string[]; ids: readonly string[] };
  /** Ids of the victim tenant's messages and conversations, tried from the attacker's tenant. */
  victimIds: readonly string[];
  /** The victim's own addresses and its customers', listed by from the attacker's tenant. */
  victimParticipants: readonly string[];
  /** A word only the victim's messages contain, searched for from the attacker's tenant. */
  victimSearchWord: string;
  /** Credentials that are not valid for any tenant. */
  badTokens: readonly string[];
  /** Body limits the services state (gateway JSON, webhook-ingest webhooks, Inbound Parse). */
  limits: { json: number; batch: number; webhook: number; inboundParse: number };
}

/** An operation of the document, with what the generators need of it. */
interface Operation {
  method: string;
  template: string;
  tags: string[];
  op: OpenApiOperation;
  may503: boolean;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      tags: op.tags ?? [],
      op,
      may503: Object.keys(op.responses ?? {}).some((s) => s === '503' || s === '5XX'),
    })),
  );
}

/** Header values fetch can send: latin-1, no line breaks or NUL. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').slice(0, 8_000);
}

/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is sent as the bytes a
 * careless encoder writes for it (CESU-8): invalid UTF-8 the server must cope with.
 */
function percentEncode(value: string): string {
  return Array.from(value, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    }
    return encodeURIComponent(ch);
  }).join('');
}

function queryString(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return '';
  return `?${entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`;
}

const asParam = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

function jsonBody(value: unknown): Pick<FuzzRequest, 'body' | 'bodyPreview'> {
  const text = JSON.stringify(value) ?? 'null';
  return {
    body: () => text,
    bodyPreview: text.length > 400 ? `${text.slice(0, 400)}…(${text.length})` : text,
  };
}

const HUGE_SHAPES = [
  'field-at-limit',
  'field-over-limit',
  'body-at-limit',
  'body-over-limit',
  'gzip-bomb',
  'batch-full',
  'batch-over-limit',
  'webhook-over-limit',
  'inbound-parse-over-limit',
] as const;
type HugeShape = (typeof HUGE_SHAPES)[number];
/** The large shapes whose content is read, so what they are filled with matters. */
const FILLED_SHAPES: readonly HugeShape[] = [
  'field-at-limit',
  'field-over-limit',
  'body-at-limit',
  'batch-full',
];

/**
 * Every request kind the suite sends, as one fast-check arbitrary whose weights decide the mix of
 * a run (mostly schema-driven requests that reach the handlers; a few huge bodies), and the
 * boundary requests every run sends besides: each large shape with each fill.
 */
export function fuzzRequests(ctx: FuzzContext): {
  arbitrary: fc.Arbitrary<FuzzRequest>;
  boundaries: FuzzRequest[];
} {
  const operations = operationsOf(ctx.doc);
  const components = ctx.doc.components.schemas;
  const client = operations.filter(
    (o) => !o.tags.includes('Webhooks') && !o.tags.includes('Operations'),
  );
  const jsonPosts = client.filter((o) => o.op.requestBody?.content['application/json']);
  const withId = client.filter((o) => o.template.includes('{id}'));

  const attackerAuth = fc.oneof(
    { arbitrary: fc.constant({ authorization: `Bearer ${ctx.attacker.key}` }), weight: 8 },
    { arbitrary: fc.constant({ 'x-api-key': ctx.attacker.key }), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(...ctx.attacker.tokens)
        .map((t) => ({ authorization: `Bearer ${t}` })),
      weight: 2,
    },
  );
  const randomToken = fc.oneof(
    fc.constantFrom(...ctx.badTokens),
    fc.base64String({ maxLength: 60 }),
    fc
      .string({
        unit: fc.constantFrom(
          ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-',
        ),
        minLength: 43,
        maxLength: 43,
      })
      .map((s) => `sb_live_${s.slice(0, 12)}_${s}`),
    fc
      .tuple(fc.base64String(), fc.base64String(), fc.base64String())
      .map((parts) => parts.join('.')),
    edgeStrings,
  );
  const badAuth: fc.Arbitrary<Record<string, string>> = fc.oneof(
    fc.constant({}),
    randomToken.map((t) => ({ authorization: headerSafe(`Bearer ${t}`) })),
    randomToken.map((t) => ({ 'x-api-key': headerSafe(t) })),
    randomToken.map((t) => ({ authorization: headerSafe(t) })),
    fc.constant({ authorization: 'Bearer ' }),
    fc.constant({
      authorization: `Basic ${Buffer.from(`x:${ctx.attacker.key}`).toString('base64')}`,
    }),
    fc.constant({ authorization: `Bearer ${'A'.repeat(7_000)}` }),
  );
  const anyAuth = fc.oneof(
    { arbitrary: attackerAuth, weight: 4 },
    { arbitrary: badAuth, weight: 1 },
  );

  const idValue = fc.oneof(
    { arbitrary: fc.constantFrom(...ctx.victimIds), weight: 3 },
    { arbitrary: fc.constantFrom(...ctx.attacker.ids), weight: 3 },
    { arbitrary: fc.uuid(), weight: 2 },
    {
      arbitrary: fc.oneof(
        edgeStrings,
        fc.string({ maxLength: 40 }),
        fc.constantFrom(
          '..',
          '%2e%2e',
          `${'a'.repeat(5_000)}`,
          '00000000-0000-0000-0000-000000000000',
        ),
      ),
      weight: 1,
    },
  );
  const pathOf = (template: string, id: string) =>
    template.replace('{id}', percentEncode(id).replace(/%25(2e|2E)/g, '%2e'));

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

  /** Bodies up to and over each body limit, and compressed ones that inflate past it. */
  const sendOps = jsonPosts.filter(
    (o) => o.template.endsWith('/send') || o.template.startsWith('/api/messages/'),
  );
  const hugeRequest = ({
    o,
    unit,
    shape,
  }: {
    o: Operation;
    unit: string;
    shape: HugeShape;
  }): FuzzRequest => {
    const send = sendOps.includes(o) ? o : sendOps[0]!;
    const batch = jsonPosts.find((p) => p.template.endsWith('/batch')) ?? o;
    const build = (): {
      op: Operation;
      body: () => string | Uint8Array;
      encoding?: string;
      type?: string;
      target?: FuzzRequest['target'];
    } => {
      const email = (body: string) => ({
        from: 'support@switchboard.test',
        to: 'jane@example.com',
        subject: 'Large',
        body,
      });
      switch (shape) {
        case 'field-at-limit':
          return {
            op: send,
            body: () => JSON.stringify(email(largeText(unit, 262_144).slice(0, 262_144))),
          };
        case 'field-over-limit':
          return { op: send, body: () => JSON.stringify(email(largeText(unit, 262_145))) };
        case 'body-at-limit':
          // Exactly the limit, in bytes: accepted by the parser, refused (or served) by the route.
          return { op: o, body: () => `{"query":"${'x'.repeat(ctx.limits.json - 12)}"}` };
        case 'body-over-limit':
          return {
            op: o,
            body: () => JSON.stringify({ query: largeText('x', ctx.limits.json + 1) }),
          };
        case 'gzip-bomb':
          return { op: o, body: () => gzipBomb(), encoding: 'gzip' };
        case 'batch-over-limit':
          return {
            op: batch,
            body: () =>
              `{"messages":[{"from":"+15550100000","to":"+15550100001","body":"${'x'.repeat(ctx.limits.batch)}"}]}`,
          };
        case 'webhook-over-limit': {
          const twilio = operations.find((p) => p.template === '/api/v1/webhooks/twilio')!;
          return {
            op: twilio,
            target: 'webhook-ingest',
            type: 'application/x-www-form-urlencoded',
            body: () => `Body=${'x'.repeat(ctx.limits.webhook + 1)}`,
          };
        }
        case 'inbound-parse-over-limit': {
          const parse = operations.find((p) => p.template === '/api/v1/webhooks/sendgrid/inbound')!;
          return {
            op: parse,
            target: 'webhook-ingest',
            type: 'multipart/form-data; boundary=fuzz',
            body: () =>
              Buffer.from(
                `--fuzz\r\nContent-Disposition: form-data; name="html"\r\n\r\n${'x'.repeat(ctx.limits.inboundParse + 1)}\r\n--fuzz--\r\n`,
              ),
          };
        }
        case 'batch-full': {
          return {
            op: batch,
            body: () =>
              JSON.stringify({
                messages: Array.from({ length: 1_001 }, () => ({
                  from: '+15550100000',
                  to: '+15550100001',
                  body: largeText(unit, 1_600),
                })),
              }),
          };
        }
      }
    };
    const { op, body: make, encoding, type, target } = build();
    // Large bodies are built once per shape and shared by every request that sends one.
    // Bodies over a whole-body limit are refused unread, whatever they are made of.
    const filled = FILLED_SHAPES.includes(shape);
    const body = () => once(`${shape}:${op.template}:${filled ? unit : ''}`, make);
    return {
      kind: `huge:${shape}`,
      route: `${op.method} ${op.template}`,
      target: target ?? 'gateway',
      method: op.method,
      path: op.template,
      headers: {
        authorization: `Bearer ${ctx.attacker.key}`,
        'content-type': type ?? 'application/json',
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
      body,
      bodyPreview: `(${shape} of ${JSON.stringify(unit)})`,
      may503: op.may503,
    };
  };
  const huge = fc
    .record({
      o: fc.constantFrom(...jsonPosts),
      unit: fc.constantFrom(...LARGE_FILL_UNITS),
      shape: fc.constantFrom(...HUGE_SHAPES),
    })
    .map(hugeRequest);

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

  /** Every large shape once with every fill: large inputs are rare among generated ones. */
  const boundaries = HUGE_SHAPES.flatMap((shape) =>
    (FILLED_SHAPES.includes(shape) ? LARGE_FILL_UNITS : ['x']).map((unit) =>
      hugeRequest({
        o: jsonPosts.find((p) => p.template.endsWith('/search')) ?? jsonPosts[0]!,
        unit,
        shape,
      }),
    ),
  );

  const arbitrary = fc.oneof(
    { arbitrary: openapi, weight: 50 },
    { arbitrary: webhookArbitrary(ctx, operations), weight: 20 },
    { arbitrary: credentials, weight: 8 },
    { arbitrary: crossTenant, weight: 8 },
    { arbitrary: contentType, weight: 8 },
    { arbitrary: operational, weight: 3 },
    { arbitrary: nested, weight: 2 },
    { arbitrary: huge, weight: 1 },
  );
  return { arbitrary, boundaries };
}

const built = new Map<string, string | Uint8Array>();
function once(key: string, make: () => string | Uint8Array): string | Uint8Array {
  let value = built.get(key);
  if (value === undefined) {
    value = make();
    built.set(key, value);
  }
  return value;
}

let bomb: Uint8Array | undefined;
/** 64 MiB of zeros, gzipped to about 64 KiB: inflates far past any body limit. */
function gzipBomb(): Uint8Array {
  bomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024));
  return bomb;
}

/** Twilio, SendGrid Event Webhook, Inbound Parse and compatible webhooks: signed, forged, replayed. */
function webhookArbitrary(
  ctx: FuzzContext,
  operations: readonly Operation[],
): fc.Arbitrary<FuzzRequest> {
  const components = ctx.doc.components.schemas;
  const op = (template: string) => {
    const found = operations.find((o) => o.template === template && o.method === 'POST');
    if (!found) throw new Error(`the OpenAPI document has no POST ${template}`);
    return found;
  };
  const schemaOf = (o: Operation) =>
    Object.values(o.op.requestBody?.content ?? {})[0]?.schema ?? {};
  const target = fc.constantFrom('gateway' as const, 'webhook-ingest' as const);
  const route = (o: Operation) => `${o.method} ${o.template}`;

  const twilioOp = op('/api/v1/webhooks/twilio');
  const twilio = fc
    .record({
      params: schemaArbitrary(schemaOf(twilioOp), components),
      from: edgePhoneNumbers,
      signing: fc.constantFrom(
        'valid',
        'valid',
        'replayed',
        'wrong-token',
        'other-url',
        'garbage',
        'missing',
      ),
      target,
    })
    .map(({ params, from, signing, target }): FuzzRequest => {
      const flat: Record<string, string> = {};
      if (params && typeof params === 'object' && !Array.isArray(params)) {
        for (const [k, v] of Object.entries(params)) flat[k] = asParam(v);
      }
      flat['From'] ??= from;
      const form = new URLSearchParams(flat).toString();
      const url = `${ctx.publicBaseUrl}${twilioOp.template}`;
      const signature =
        signing === 'valid' || signing === 'replayed'
          ? signTwilioRequest(ctx.twilioAuthToken, url, flat)
          : signing === 'wrong-token'
            ? signTwilioRequest('not-the-token', url, flat)
            : signing === 'other-url'
              ? signTwilioRequest(ctx.twilioAuthToken, 'https://elsewhere.example/hook', flat)
              : signing === 'garbage'
                ? 'AAAA'
                : undefined;
      return {
        kind: `twilio:${signing}`,
        route: route(twilioOp),
        target,
        method: 'POST',
        path: twilioOp.template,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {}),
        },
        body: () => form,
        bodyPreview: form.slice(0, 300),
        may503: twilioOp.may503,
        replay: signing === 'replayed',
      };
    });

  const eventsOp = op('/api/v1/webhooks/sendgrid');
  const nowS = () => Math.floor(Date.now() / 1000);
  const sendgrid = fc
    .record({
      events: schemaArbitrary(schemaOf(eventsOp), components),
      signing: fc.constantFrom(
        'valid',
        'valid',
        'replayed',
        'stale',
        'future',
        'other-body',
        'garbage',
        'missing',
      ),
      target,
    })
    .map(({ events, signing, target }): FuzzRequest => {
      const body = JSON.stringify(events) ?? 'null';
      const timestamp =
        signing === 'stale'
          ? String(nowS() - 3_600)
          : signing === 'future'
            ? String(nowS() + 86_400)
            : String(nowS());
      const signed = signing === 'other-body' ? '[]' : body;
      const signature =
        signing === 'missing'
          ? undefined
          : signing === 'garbage'
            ? Buffer.from('forged').toString('base64')
            : signSendGridPayload(SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey, signed, timestamp);
      return {
        kind: `sendgrid-events:${signing}`,
        route: route(eventsOp),
        target,
        method: 'POST',
        path: eventsOp.template,
        headers: {
          'content-type': 'application/json',
          [SENDGRID_TIMESTAMP_HEADER]: timestamp,
          ...(signature ? { [SENDGRID_SIGNATURE_HEADER]: signature } : {}),
        },
        body: () => body,
        bodyPreview: body.slice(0, 300),
        may503: eventsOp.may503,
        replay: signing === 'replayed',
      };
    });

  const parseOp = op('/api/v1/webhooks/sendgrid/inbound');
  const inboundParse = fc
    .record({
      fields: schemaArbitrary(schemaOf(parseOp), components),
      from: edgeEmails,
      to: edgeEmails,
      messageId: fc.oneof(fc.uuid(), fc.constantFrom('same-message-id@mail.example'), edgeStrings),
      secret: fc.constantFrom(
        'basic',
        'basic',
        'token',
        'replayed',
        'wrong-basic',
        'wrong-token',
        'missing',
      ),
      large: fc.option(fc.constantFrom(...LARGE_FILL_UNITS), { freq: 20 }),
      target,
    })
    .map(({ fields, from, to, messageId, secret, large, target }): FuzzRequest => {
      const values: Record<string, string> = {
        from,
        to,
        envelope: JSON.stringify({ to: [to], from }),
        headers: `Message-ID: <${messageId}>\nSubject: fuzz`,
        text: 'hello',
      };
      if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
        for (const [k, v] of Object.entries(fields)) values[k] = asParam(v);
      }
      if (large !== null) values['html'] = largeText(large, 200_000);
      const password = secret.startsWith('wrong') ? 'wrong-secret' : SANDBOX_WEBHOOK_SECRET;
      const query = secret.endsWith('token') ? `?token=${encodeURIComponent(password)}` : '';
      const basic = secret === 'basic' || secret === 'replayed' || secret === 'wrong-basic';
      return {
        kind: `inbound-parse:${secret}`,
        route: route(parseOp),
        target,
        method: 'POST',
        path: `${parseOp.template}${query}`,
        headers: basic
          ? { authorization: `Basic ${Buffer.from(`sendgrid:${password}`).toString('base64')}` }
          : {},
        body: () => {
          const form = new FormData();
          for (const [k, v] of Object.entries(values)) form.set(k, v);
          return form;
        },
        bodyPreview: preview(JSON.stringify(values)),
        may503: parseOp.may503,
        replay: secret === 'replayed',
      };
    });

  const compatOps = [op('/api/webhooks/sms'), op('/api/webhooks/email')];
  const compat = fc
    .record({
      o: fc.constantFrom(...compatOps),
      secret: fc.constantFrom('valid', 'valid', 'replayed', 'wrong', 'missing'),
      target,
    })
    .chain(({ o, secret, target }) =>
      schemaArbitrary(schemaOf(o), components).map((payload): FuzzRequest => ({
        kind: `compat-webhook:${secret}`,
        route: route(o),
        target,
        method: 'POST',
        path: o.template,
        headers: {
          'content-type': 'application/json',
          ...(secret === 'missing'
            ? {}
            : {
                authorization: `Bearer ${secret === 'wrong' ? 'wrong-secret' : SANDBOX_WEBHOOK_SECRET}`,
              }),
        },
        ...jsonBody(payload),
        may503: o.may503,
        replay: secret === 'replayed',
      })),
    );

  return fc.oneof(twilio, sendgrid, inboundParse, compat);
}

function preview(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…(${text.length})` : text;
}

/**
 * One plain request per documented operation (the attacker's own ids, an empty JSON object as
 * the body), so every run tries every route whatever its size.
 */
export function tourOf(ctx: FuzzContext): FuzzRequest[] {
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
