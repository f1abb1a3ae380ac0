import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { AppError, ErrorCodes, EventStreamQuery, LastEventIdHeader } from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import type { GatewayContext } from '../gateway-context';
import { problemOf } from '../openapi/problem-examples';
import { problem, serviceErrors } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { routeDefiner, type Route } from '../routing/route-definition';

const route = routeDefiner<GatewayContext>();
const path = '/api/v1/events/stream';

/** A request for the event stream: it stays open by design (see `HTTP_MAX_IN_FLIGHT`). */
export const isEventStream = (req: IncomingMessage): boolean =>
  req.method === 'GET' && (req.url === path || req.url?.startsWith(`${path}?`) === true);

/** What a stream looks like on the wire, for the reference. */
const EXAMPLE_STREAM = [
  'retry: 3000',
  ': stream open',
  '',
  'id: 1042',
  'event: message.received',
  'data: {"id":"evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a","type":"message.received","created_at":"2026-01-05T10:00:00.000Z","tenant_id":"acme","data":{"message":{"id":"01a21c43-e04d-77cc-97ae-1d07b0f73111","conversation_id":"01a21c43-e04d-77cc-97ae-1d07b0f73222","direction":"inbound","type":"sms","from":"+15551230000","to":"+15559870000","body":"Is my order ready?"}}}',
  '',
  ': heartbeat 2026-01-05T10:00:15.000Z',
  '',
].join('\n');

/** The resume position: the header (what EventSource sends on reconnect) wins over the query. */
function afterSeqOf(headerValue: string | undefined, queryValue: string | undefined) {
  const { 'last-event-id': header } = parseOrThrow(LastEventIdHeader, {
    'last-event-id': headerValue,
  });
  const value = header ?? queryValue;
  return value === undefined ? undefined : Number(value);
}

/** The live event stream: the tenant's client events as Server-Sent Events. */
export const eventStreamRoutes: Route<GatewayContext>[] = [
  route({
    method: 'get',
    path,
    operationId: 'streamEvents',
    tags: ['Events'],
    summary: 'Receive your events live (Server-Sent Events)',
    description: [
      'The same events webhook endpoints receive (`message.received`, `message.status`, …; see `webhooks`), for the authenticated tenant only, as a `text/event-stream`: each event is sent as `id: <position>`, `event: <type>`, `data: <the event as JSON>`, and a comment line (`: heartbeat …`) is sent every 15 s while nothing else is.',
      '',
      'Reconnect with `Last-Event-ID: <the last id you saw>` (EventSource does this by itself) and every later event still kept (7 days) is sent first, then live ones — none missed, none repeated. Without it, the stream starts with the events stored from now on.',
      '',
      'A tenant may hold a few streams open at once (5 unless configured); one more is answered `429`. The stream ends when the gateway restarts: reconnect with `Last-Event-ID`.',
    ].join('\n'),
    request: { query: EventStreamQuery, header: LastEventIdHeader },
    responses: {
      '200': {
        description: 'The stream: events as they happen, until the client or the gateway closes it',
        content: {
          'text/event-stream': {
            schema: z
              .string()
              .describe('Server-Sent Events (one per client event) and heartbeat comments'),
            examples: { stream: { value: EXAMPLE_STREAM } },
          },
        },
      },
      '400': problem('A filter or `Last-Event-ID` is not valid', {
        badType: problemOf(`${path}?types=message.lost`, () =>
          parseOrThrow(EventStreamQuery, { types: 'message.lost' }),
        ),
        badLastEventId: problemOf(path, () => afterSeqOf('evt_1', undefined)),
      }),
      '429': problem(
        'The tenant has as many event streams open as it may (close one, or retry later)',
        {
          tooManyStreams: problemOf(path, () => {
            throw new AppError(
              ErrorCodes.rateLimited,
              'At most 5 event streams may be open at once; close one and retry',
            );
          }),
        },
      ),
      ...serviceErrors(path),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, query }) {
      const afterSeq = afterSeqOf(req.get('last-event-id'), query.last_event_id);
      await ctx.eventStreams.serve(req, res, {
        tenantId: ctx.tenantOf(req),
        ...(query.types ? { types: query.types } : {}),
        ...(query.conversation_id ? { conversationId: query.conversation_id } : {}),
        ...(afterSeq !== undefined ? { afterSeq } : {}),
      });
    },
  }),
];
