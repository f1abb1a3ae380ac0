import { z } from 'zod';
import {
  ChannelKind,
  ConversationPage,
  ConversationResource,
  Direction,
  Encoding,
  IdParam,
  Limits,
  ListConversationsQuery,
  ListMessagesQuery,
  MessageEventList,
  MessageEventResource,
  MessagePage,
  MessageResource,
  MessageStatus,
  MessageType,
  PageQuery,
  Problem,
  SearchConversationsRequest,
  SearchResult,
  BATCH_MAX_MESSAGES,
  SendBatchRequest,
  SendBatchResponse,
  SendMessageRequest,
  type Problem as ProblemDocument,
} from '@switchboard/contracts';
import { PROBLEM_CONTENT_TYPE } from '@switchboard/http';
import {
  createDocument,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
  type oas31,
} from 'zod-openapi';
import { CompatEmailBody } from '../routes/messages.routes';
import { BATCH_BODY_LIMIT_BYTES } from '../routes/send-batch.routes';
import * as examples from './api-examples';
import { BATCH_ROUTE, batchProblems, batchRequests, batchResponses } from './send-batch-examples';
import {
  IdempotencyKeyHeader,
  IdempotencyReplayedHeader,
  idempotencyDescription,
  idempotencyErrors,
  withRateLimits,
} from './resilience-docs';
import { webhookPaths } from './webhook-docs';

export type OpenApiDocument = oas31.OpenAPIObject;

const JSON_TYPE = 'application/json';

type Examples = Readonly<Record<string, { summary?: string; value: unknown }>>;

/** Named examples for a media type: `{ name: value }` or `{ name: { summary, value } }`. */
function examplesOf(named: Readonly<Record<string, unknown>>): Examples {
  return Object.fromEntries(
    Object.entries(named).map(([name, value]) => [
      name,
      typeof value === 'object' && value !== null && 'value' in value
        ? (value as { summary?: string; value: unknown })
        : { value },
    ]),
  );
}

function json(
  description: string,
  schema: z.ZodType,
  named: Readonly<Record<string, unknown>>,
): ZodOpenApiResponseObject {
  return { description, content: { [JSON_TYPE]: { schema, examples: examplesOf(named) } } };
}

function problem(
  description: string,
  named: Readonly<Record<string, ProblemDocument>>,
): ZodOpenApiResponseObject {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem, examples: examplesOf(named) } },
  };
}

/** The path a client calls for `route`, as problem examples show it in `instance`. */
const pathOf = (route: string, id: string = examples.ExampleIds.message) =>
  route.replace('{id}', id);

/** The error answers of every operation that calls conversation-service. */
function serviceErrors(route: string): ZodOpenApiResponsesObject {
  return {
    '401': problem(
      'No credentials, or credentials that do not verify (an unknown, malformed or revoked API key; an expired or forged JWT); the answer carries `WWW-Authenticate: Bearer`',
      { unauthorized: examples.problems.unauthorized(pathOf(route)) },
    ),
    '500': problem('An unexpected error; it is logged, and the detail is not shown', {
      internal: examples.problems.internal(pathOf(route)),
    }),
    '503': problem(
      'conversation-service did not answer in time (or is not running); safe to retry. A send that timed out may still have been stored: read it back before resending',
      { unavailable: examples.problems.unavailable(pathOf(route)) },
    ),
  };
}

/** The error answers of every operation that takes a JSON body. */
function bodyErrors(route: string): ZodOpenApiResponsesObject {
  return {
    '413': problem('The body is larger than the configured limit (1 MiB by default)', {
      tooLarge: examples.problems.tooLarge(route),
    }),
  };
}

/** 400 for a malformed `{id}` and 404 for an unknown one. */
function idErrors(route: string, what: 'Message' | 'Conversation'): ZodOpenApiResponsesObject {
  const known = what === 'Message' ? examples.ExampleIds.message : examples.ExampleIds.conversation;
  return {
    '400': problem('The id is not a UUID', {
      badId: examples.problems.badId(pathOf(route, examples.ExampleIds.malformed)),
    }),
    '404': problem(`No such ${what.toLowerCase()}`, {
      notFound: examples.problems.notFound(pathOf(route, known), what),
    }),
  };
}

const sendDescription = [
  'Stores the message in its conversation and queues it for dispatch. A `201` means the message is committed with its dispatch command: it is readable at once and will be sent, even if a service restarts.',
  '',
  '- **Addresses** may be written in any common format; they are normalised (E.164 numbers, lower-cased email) before threading, so `+1 (555) 987-6543` and `+15559876543` are the same participant.',
  '- **Type** is inferred when omitted: email addresses mean `email`, attachments on phone numbers mean `mms`, otherwise `sms`.',
  `- **SMS/MMS** bodies are at most ${Limits.smsBodyChars} characters; the answer tells the \`encoding\` (GSM-7, or UCS-2 for characters such as emoji) and how many \`segments\` the text takes. An MMS takes at most ${Limits.mmsAttachments} https attachments.`,
  '- **Email** bodies are HTML; a plain-text alternative is derived for the provider. The subject must be on one line.',
  '',
  'Follow the message with `GET /api/v1/messages/{id}` or its lifecycle with `/events`.',
].join('\n');

function sendResponses(
  route: string,
  named: Readonly<Record<string, MessageResource>>,
  options: { location: boolean },
): ZodOpenApiResponsesObject {
  const created = json('Stored and queued for dispatch', MessageResource, named);
  return {
    '201': {
      ...created,
      headers: options.location
        ? IdempotencyReplayedHeader.extend({
            location: z.string().meta({
              description: 'The URL of the stored message',
              examples: [`/api/v1/messages/${examples.ExampleIds.message}`],
            }),
          })
        : IdempotencyReplayedHeader,
    },
    '400': problem('The request is not valid; `errors` names each wrong field', {
      invalidFields: examples.problems.sendInvalid(route),
      mixedKinds: examples.problems.sendMixedKinds(route),
      unknownField: examples.problems.sendUnknownField(route),
      malformedJson: examples.problems.malformedJson(route),
      badIdempotencyKey: examples.problems.badIdempotencyKey(route),
    }),
    ...idempotencyErrors(route),
    ...bodyErrors(route),
    ...serviceErrors(route),
    '503': problem(
      'conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked; safe to retry. With a key, a retry of a send that timed out answers the message if it was stored; without one, read it back before resending',
      {
        unavailable: examples.problems.unavailable(route),
        idempotencyUnavailable: examples.problems.idempotencyUnavailable(route),
      },
    ),
  };
}

/** The conversation routes, served under both the v1 prefix and the compatible one. */
function conversationPaths(
  prefix: string,
  tag: string,
  op: (name: string) => string = (name) => name,
): ZodOpenApiPathsObject {
  const search = `${prefix}/search`;
  const one = `${prefix}/{id}`;
  const messages = `${prefix}/{id}/messages`;
  return {
    [prefix]: {
      get: {
        operationId: op('listConversations'),
        tags: [tag],
        summary: 'List conversations by last activity',
        description:
          'Newest activity first, cursor-paginated. `participant` finds the conversations of one phone number or email address, however it is written.',
        requestParams: { query: ListConversationsQuery },
        responses: {
          '200': json('A page of conversations', ConversationPage, {
            page: examples.conversationPage,
          }),
          '400': problem('A query parameter is not valid', {
            badParticipant: examples.problems.badParticipant(prefix),
          }),
          ...serviceErrors(prefix),
        },
      },
    },
    [search]: {
      post: {
        operationId: op('searchConversations'),
        tags: [tag],
        summary: 'Search conversations by message text',
        description:
          'Full-text search over message bodies and subjects. Answers the matching conversations, most recently matched first, each with its matching messages; an empty `data` when nothing matches.',
        requestBody: {
          required: true,
          content: {
            [JSON_TYPE]: {
              schema: SearchConversationsRequest,
              examples: examplesOf(examples.searchRequests),
            },
          },
        },
        responses: {
          '200': json('Matching conversations', SearchResult, {
            found: { summary: 'A match', value: examples.searchResults.found },
            none: { summary: 'No match', value: examples.searchResults.none },
          }),
          '400': problem('The request is not valid', {
            malformedJson: examples.problems.malformedJson(search),
          }),
          ...bodyErrors(search),
          ...serviceErrors(search),
        },
      },
    },
    [one]: {
      get: {
        operationId: op('getConversation'),
        tags: [tag],
        summary: 'Get a conversation',
        description: 'Its participants, channel, message count and latest message.',
        requestParams: { path: IdParam },
        responses: {
          '200': json('The conversation', ConversationResource, {
            conversation: examples.conversation,
          }),
          ...idErrors(one, 'Conversation'),
          ...serviceErrors(one),
        },
      },
    },
    [messages]: {
      get: {
        operationId: op('listConversationMessages'),
        tags: [tag],
        summary: "List a conversation's messages, oldest first",
        description: 'Both directions, in the order they were stored; cursor-paginated.',
        requestParams: { path: IdParam, query: PageQuery },
        responses: {
          '200': json('A page of messages', MessagePage, { page: examples.lastPage }),
          ...idErrors(messages, 'Conversation'),
          ...serviceErrors(messages),
        },
      },
    },
  };
}

const batchDescription = [
  `Up to ${BATCH_MAX_MESSAGES} messages in one request, for notifications and campaigns. Each message is validated and normalised exactly like a single send and answered on its own, in the order sent: \`results[i]\` is \`{index, status: 201, message}\` when it was stored, or \`{index, status, problem}\` (an RFC 9457 problem, e.g. \`400\`) when it was not. The answer is \`201\` when every message was stored and \`207\` (Multi-Status) when any was not; one invalid message does not hold the others back.`,
  '',
  'The stored messages are committed together, with their dispatch commands, in the order sent: messages of one conversation are dispatched in that order. A batch counts as one request against the rate limit. To retry a whole batch after a timeout, send it with an `Idempotency-Key`; to retry what was refused, send only the messages whose result is not `201`, as a new batch.',
  '',
  idempotencyDescription.replace('(a UUID per message)', '(a UUID per batch)'),
].join('\n');

function messagePaths(): ZodOpenApiPathsObject {
  return {
    [BATCH_ROUTE]: {
      post: {
        operationId: 'sendMessageBatch',
        tags: ['Messages'],
        summary: `Send up to ${BATCH_MAX_MESSAGES} messages at once`,
        description: batchDescription,
        requestParams: { header: IdempotencyKeyHeader },
        requestBody: {
          required: true,
          content: { [JSON_TYPE]: { schema: SendBatchRequest, examples: batchRequests } },
        },
        responses: {
          '201': {
            ...json('Every message stored and queued for dispatch', SendBatchResponse, {
              allStored: batchResponses.allStored,
            }),
            headers: IdempotencyReplayedHeader,
          },
          '207': {
            ...json(
              'Some messages (perhaps all) were not stored: each result says what became of its message',
              SendBatchResponse,
              { mixed: batchResponses.mixed },
            ),
            headers: IdempotencyReplayedHeader,
          },
          '400': problem(
            'The body is not a list of 1 to 1000 messages, or the `Idempotency-Key` is not valid',
            {
              empty: batchProblems.empty,
              notAList: batchProblems.notAList,
              malformedJson: examples.problems.malformedJson(BATCH_ROUTE),
              badIdempotencyKey: examples.problems.badIdempotencyKey(BATCH_ROUTE),
            },
          ),
          ...idempotencyErrors(BATCH_ROUTE),
          '413': problem(`The body is larger than ${BATCH_BODY_LIMIT_BYTES / 1024 / 1024} MiB`, {
            tooLarge: examples.problems.tooLarge(BATCH_ROUTE),
          }),
          ...serviceErrors(BATCH_ROUTE),
          '503': problem(
            'conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked; safe to retry. With a key, a retry of a batch that timed out answers the messages that were stored; without one, read them back before resending',
            {
              unavailable: examples.problems.unavailable(BATCH_ROUTE),
              idempotencyUnavailable: examples.problems.idempotencyUnavailable(BATCH_ROUTE),
            },
          ),
        },
      },
    },
    '/api/v1/messages/send': {
      post: {
        operationId: 'sendMessage',
        tags: ['Messages'],
        summary: 'Send an SMS, MMS or email',
        description: `${sendDescription}\n\n${idempotencyDescription}`,
        requestParams: { header: IdempotencyKeyHeader },
        requestBody: {
          required: true,
          content: {
            [JSON_TYPE]: {
              schema: SendMessageRequest,
              examples: examplesOf({
                sms: { summary: 'An SMS', value: examples.sendRequests.sms },
                mms: {
                  summary: 'An MMS (type inferred from the attachments)',
                  value: examples.sendRequests.mms,
                },
                email: {
                  summary: 'An email (type inferred from the addresses)',
                  value: examples.sendRequests.email,
                },
              }),
            },
          },
        },
        responses: sendResponses(
          '/api/v1/messages/send',
          {
            sms: examples.messages.queuedSms,
            mms: examples.messages.queuedMms,
            email: examples.messages.queuedEmail,
          },
          { location: true },
        ),
      },
    },
    '/api/v1/messages': {
      get: {
        operationId: 'listMessages',
        tags: ['Messages'],
        summary: 'List messages, newest first',
        description:
          'Cursor-paginated: pass `next_cursor` back as `cursor` until it is null. Pages never repeat or skip a message, even while new ones arrive.',
        requestParams: { query: ListMessagesQuery },
        responses: {
          '200': json('A page of messages', MessagePage, { page: examples.messagePage }),
          '400': problem('A query parameter is not valid', {
            badQuery: examples.problems.badListQuery('/api/v1/messages'),
          }),
          ...serviceErrors('/api/v1/messages'),
        },
      },
    },
    '/api/v1/messages/{id}': {
      get: {
        operationId: 'getMessage',
        tags: ['Messages'],
        summary: 'Get a message',
        description: 'The message with its current status and provider details.',
        requestParams: { path: IdParam },
        responses: {
          '200': json('The message', MessageResource, { sent: examples.messages.sentSms }),
          ...idErrors('/api/v1/messages/{id}', 'Message'),
          ...serviceErrors('/api/v1/messages/{id}'),
        },
      },
    },
    '/api/v1/messages/{id}/events': {
      get: {
        operationId: 'listMessageEvents',
        tags: ['Messages'],
        summary: "A message's lifecycle",
        description:
          'Every status event recorded for the message, oldest first: `queued`, `sending`, `sent`, then provider callbacks such as `delivered`. Late events that would move the status backwards are listed with `applied: false`.',
        requestParams: { path: IdParam },
        responses: {
          '200': json('Its events', MessageEventList, { lifecycle: examples.messageEvents }),
          ...idErrors('/api/v1/messages/{id}/events', 'Message'),
          ...serviceErrors('/api/v1/messages/{id}/events'),
        },
      },
    },
    '/api/v1/messages/{id}/retry': {
      post: {
        operationId: 'retryMessage',
        tags: ['Messages'],
        summary: 'Retry a failed message',
        description:
          'Re-queues a `failed` outbound message for a new dispatch (a new generation: its lifecycle shows a fresh `queued`, and the error is cleared). It is sent when retried, not in its original place in the conversation. Anything but a failed outbound message answers `409`.',
        requestParams: { path: IdParam },
        responses: {
          '202': json('Queued again', MessageResource, { queued: examples.messages.queuedSms }),
          '409': problem('The message is not a failed outbound message', {
            notFailed: {
              type: 'urn:switchboard:problem:conflict',
              title: 'Conflict',
              status: 409,
              detail: 'Only failed outbound messages can be retried; this one is outbound and sent',
              instance: pathOf('/api/v1/messages/{id}/retry'),
            },
          }),
          ...idErrors('/api/v1/messages/{id}/retry', 'Message'),
          ...serviceErrors('/api/v1/messages/{id}/retry'),
        },
      },
    },
  };
}

function compatMessagePaths(): ZodOpenApiPathsObject {
  const tags = ['Compatible API'];
  return {
    '/api/messages/sms': {
      post: {
        operationId: 'compatSendSms',
        tags,
        summary: 'Send an SMS or MMS (compatible API)',
        description: `The widely used take-home messaging API: the same fields as \`POST /api/v1/messages/send\`. \`type\` is \`sms\` or \`mms\` (inferred from \`attachments\` when omitted); a request with \`type: email\` is redirected to \`/api/messages/email\` (with its \`Idempotency-Key\`, which covers both routes).\n\n${idempotencyDescription}`,
        requestParams: { header: IdempotencyKeyHeader },
        requestBody: {
          required: true,
          content: {
            [JSON_TYPE]: {
              schema: SendMessageRequest,
              examples: examplesOf({
                sms: examples.compatRequests.sms,
                mms: examples.compatRequests.mms,
              }),
            },
          },
        },
        responses: {
          ...sendResponses(
            '/api/messages/sms',
            { sms: examples.compatMessages.sms, mms: examples.compatMessages.mms },
            { location: false },
          ),
          '307': {
            description: 'An email: repeat the request at `/api/messages/email`',
            headers: z.object({
              location: z.literal('/api/messages/email').describe('Where to send it'),
            }),
          },
        },
      },
    },
    '/api/messages/email': {
      post: {
        operationId: 'compatSendEmail',
        tags,
        summary: 'Send an email (compatible API)',
        description: `The widely used take-home messaging API: the fields of \`POST /api/v1/messages/send\`, where \`type\` can only be \`email\` and may be left out. The body may be HTML.\n\n${idempotencyDescription}`,
        requestParams: { header: IdempotencyKeyHeader },
        requestBody: {
          required: true,
          content: {
            [JSON_TYPE]: {
              schema: CompatEmailBody,
              examples: examplesOf({ email: examples.compatRequests.email }),
            },
          },
        },
        responses: sendResponses(
          '/api/messages/email',
          { email: examples.compatMessages.email },
          { location: false },
        ),
      },
    },
  };
}

// The ops endpoints are the http lib's, not part of the API contracts: described here only.
const Health = z.object({
  status: z.literal('ok').describe('Always `ok` while the process answers'),
  uptime_s: z.number().int().describe('Seconds since the process started'),
});
const Readiness = z.object({
  status: z
    .enum(['ready', 'draining', 'unavailable'])
    .describe('`ready`; `draining` while shutting down; `unavailable` while a dependency is down'),
  checks: z
    .record(
      z.string(),
      z.object({
        status: z.enum(['up', 'down']).describe('Whether the dependency answered in time'),
        error: z.string().optional().describe('Why it is down'),
      }),
    )
    .describe('Each dependency by name (for the gateway: `nats` and `redis`)'),
});

function operationsPaths(): ZodOpenApiPathsObject {
  const tags = ['Operations'];
  return {
    '/health': {
      get: {
        operationId: 'health',
        tags,
        summary: 'Liveness',
        description: 'Answers while the process runs; restart it when this fails.',
        responses: {
          '200': json('Alive', Health, { ok: { status: 'ok', uptime_s: 42 } }),
        },
      },
    },
    '/ready': {
      get: {
        operationId: 'ready',
        tags,
        summary: 'Readiness',
        description:
          'Checks each dependency; `503` while one is down or while the process drains on shutdown. Route traffic only while it answers `200`.',
        responses: {
          '200': json('Ready for traffic', Readiness, {
            ready: {
              status: 'ready',
              checks: { nats: { status: 'up' }, redis: { status: 'up' } },
            },
          }),
          '503': json('Not ready', Readiness, {
            draining: {
              status: 'draining',
              checks: { nats: { status: 'up' }, redis: { status: 'up' } },
            },
          }),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags,
        summary: 'Prometheus metrics',
        description: 'Request rate, errors and latency by route, plus process metrics.',
        responses: {
          '200': {
            description: 'The Prometheus text format',
            content: { 'text/plain': { schema: z.string() } },
          },
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'openapi',
        tags,
        summary: 'This OpenAPI document',
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { [JSON_TYPE]: { schema: z.record(z.string(), z.unknown()) } },
          },
        },
      },
    },
    '/api/v1/docs': {
      get: {
        operationId: 'docs',
        tags,
        summary: 'Interactive API reference',
        description: 'Swagger UI over this document, served by the gateway itself.',
        responses: {
          '200': { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
        },
      },
    },
  };
}

/**
 * Every documented route, with the zod schemas and examples the document is generated from
 * (exported so tests can check the examples against those very schemas).
 */
export function documentedPaths(): ZodOpenApiPathsObject {
  return {
    ...withRateLimits({
      ...messagePaths(),
      ...conversationPaths('/api/v1/conversations', 'Conversations'),
      ...compatMessagePaths(),
      ...conversationPaths(
        '/api/conversations',
        'Compatible API',
        (name) => `compat${name[0]!.toUpperCase()}${name.slice(1)}`,
      ),
    }),
    ...webhookPaths(),
    ...operationsPaths(),
  };
}

const DESCRIPTION = [
  'One API for SMS, MMS and Email. Every message is threaded into a conversation by its two participants, sent through a provider with retries, and tracked through a status lifecycle you can read back.',
  '',
  'Errors are RFC 9457 `application/problem+json` documents; validation problems list each wrong field in `errors`.',
  '',
  "Requests authenticate with an API key — `Authorization: Bearer sb_live_…` or `X-API-Key: sb_live_…` — or a JWT from your identity provider as a bearer token; each acts as one tenant and sees only its own messages and conversations (another tenant's ids answer `404`). A local development stack also takes requests without credentials.",
  '',
  'Each client has a request budget per time window (1000 requests per second unless configured otherwise): every answer of the API says how much is left in `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and a client over its budget gets `429` with `Retry-After`. The send operations take an `Idempotency-Key`, which makes retrying them safe.',
].join('\n');

/**
 * Marks every operation that can answer 401 as needing credentials, so the document says which
 * operations are authenticated without each one repeating it (docs, health and webhooks are not).
 */
function requireCredentials(document: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      const op = operation as oas31.OperationObject;
      if (op && typeof op === 'object' && op.responses?.['401']) {
        op.security = [{ apiKey: [] }, { apiKeyHeader: [] }];
      }
    }
  }
  return document;
}

/**
 * The OpenAPI 3.1 document of the gateway's API, generated from the same zod schemas the routes
 * validate with. Pure: builds the same document on every call.
 *
 * @example res.json(buildOpenApiDocument())
 */
export function buildOpenApiDocument(): OpenApiDocument {
  return requireCredentials(
    createDocument({
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version: '1.0.0',
        description: DESCRIPTION,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/', description: 'The gateway serving this document' }],
      tags: [
        { name: 'Messages', description: 'Send messages and follow them' },
        { name: 'Conversations', description: 'Messages threaded by participants' },
        {
          name: 'Compatible API',
          description: 'The routes and payloads of the widely used take-home messaging API',
        },
        { name: 'Webhooks', description: 'Provider callbacks, served by webhook-ingest' },
        { name: 'Operations', description: 'Health, readiness, metrics and this reference' },
      ],
      paths: documentedPaths(),
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key (`sb_live_…`, from `npm run admin -- issue-key`) or a JWT, as `Authorization: Bearer <credential>`',
          },
          apiKeyHeader: {
            type: 'apiKey',
            in: 'header',
            name: 'X-API-Key',
            description: 'The same API key in its own header',
          },
        },
        // Named here, not in contracts: what a schema is called is a documentation choice. Only
        // leaves are named: zod-openapi renders a named schema that references another named
        // schema in request context too, which would give the response schemas `…Output` twins.
        schemas: {
          Message: MessageResource,
          MessageEvent: MessageEventResource,
          Conversation: ConversationResource,
          SendMessageRequest,
          CompatEmailRequest: CompatEmailBody,
          SearchConversationsRequest,
          Problem,
          MessageType,
          MessageStatus,
          Direction,
          Encoding,
          ChannelKind,
        },
      },
    }),
  );
}
