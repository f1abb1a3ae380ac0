import type { JsonSchema, SchemaComponents } from './schema-arbitrary';

/** The parts of the gateway's OpenAPI document the generators read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: SchemaComponents };
}
export interface OpenApiOperation {
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
export interface Operation {
  method: string;
  template: string;
  tags: string[];
  op: OpenApiOperation;
  may503: boolean;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
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

/** The context and the document's operations, grouped the way the generators pick from them. */
export interface RequestSpace {
  ctx: FuzzContext;
  operations: Operation[];
  components: SchemaComponents;
  /** What a client calls: every operation but the webhooks and the operational endpoints. */
  client: Operation[];
  /** Client operations with a JSON body. */
  jsonPosts: Operation[];
  /** Client operations addressed by an id. */
  withId: Operation[];
  /** The routes that send one message. */
  sendOps: Operation[];
}

export function requestSpace(ctx: FuzzContext): RequestSpace {
  const operations = operationsOf(ctx.doc);
  const components = ctx.doc.components.schemas;
  const client = operations.filter(
    (o) => !o.tags.includes('Webhooks') && !o.tags.includes('Operations'),
  );
  const jsonPosts = client.filter((o) => o.op.requestBody?.content['application/json']);
  const withId = client.filter((o) => o.template.includes('{id}'));
  const sendOps = jsonPosts.filter(
    (o) => o.template.endsWith('/send') || o.template.startsWith('/api/messages/'),
  );
  return { ctx, operations, components, client, jsonPosts, withId, sendOps };
}
