import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { LARGE_FILL_UNITS, largeText } from './edge-values';
import type { FuzzRequest } from './fuzz-runner';
import type { Operation, RequestSpace } from './fuzz-context';

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
 * Bodies up to and over each body limit, and compressed ones that inflate past it: as an
 * arbitrary (rare in a run), and every large shape once with every fill (`boundaries`).
 */
export function hugeRequests(space: RequestSpace): {
  huge: fc.Arbitrary<FuzzRequest>;
  boundaries: FuzzRequest[];
} {
  const { ctx, operations, jsonPosts, sendOps } = space;
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

  return { huge, boundaries };
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
