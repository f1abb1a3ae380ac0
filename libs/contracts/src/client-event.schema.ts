import { z } from 'zod';
import { TenantId } from './tenant.schema';
import { ConversationResource, MessageResource, MessageStatus } from './message.schema';

/**
 * Events pushed to client apps (webhook endpoints and the event stream). Each is produced in
 * the same transaction as the change it describes, so none is lost and none describes a change
 * that was rolled back.
 */
export const CLIENT_EVENT_TYPES = [
  'message.received',
  'message.status',
  'message.failed',
  'conversation.created',
  'webhook_endpoint.disabled',
] as const;
export const ClientEventType = z
  .enum(CLIENT_EVENT_TYPES)
  .describe(
    '`message.received` (an inbound message was stored), `message.status` (an outbound message moved in its lifecycle), `message.failed` (an outbound message failed or was undelivered), `conversation.created` (a first message opened a conversation), `webhook_endpoint.disabled` (Switchboard stopped delivering to an endpoint that kept failing)',
  );
export type ClientEventType = z.infer<typeof ClientEventType>;

/** The prefix of every client event id; the rest is a UUIDv7, so ids sort by creation time. */
export const CLIENT_EVENT_ID_PREFIX = 'evt_';

const envelope = {
  id: z
    .string()
    .min(1)
    .max(100)
    .meta({
      description: 'Unique per event: a receiver that sees an id again has seen the event before',
      examples: ['evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a'],
    }),
  created_at: z.string().meta({
    description: 'When the change happened (ISO 8601, UTC)',
    format: 'date-time',
    examples: ['2026-01-05T10:00:00.000Z'],
  }),
  tenant_id: TenantId,
};

/** An outbound message's lifecycle step, with the message as it stood after it. */
const StatusData = z
  .object({
    status: MessageStatus,
    provider: z.string().nullable().describe('The provider that sent or reported it, if any'),
    provider_code: z
      .string()
      .nullable()
      .describe("The provider's error code, for `failed` and `undelivered`"),
    provider_message: z.string().nullable().describe('A readable explanation of `provider_code`'),
    occurred_at: z.string().describe('When it happened, as its source reports (ISO 8601, UTC)'),
    message: MessageResource,
  })
  .describe('The lifecycle step, and the message as it stood after it');

export const MessageReceivedEvent = z
  .object({
    ...envelope,
    type: z.literal('message.received').describe('The event type'),
    data: z.object({ message: MessageResource }).describe('The message as stored'),
  })
  .describe('An inbound message (SMS, MMS, email) was received and threaded');
export const MessageStatusEvent = z
  .object({
    ...envelope,
    type: z.literal('message.status').describe('The event type'),
    data: StatusData,
  })
  .describe('An outbound message moved forward in its lifecycle');
export const MessageFailedEvent = z
  .object({
    ...envelope,
    type: z.literal('message.failed').describe('The event type'),
    data: StatusData,
  })
  .describe('An outbound message failed or was undelivered (also sent as `message.status`)');
export const ConversationCreatedEvent = z
  .object({
    ...envelope,
    type: z.literal('conversation.created').describe('The event type'),
    data: z.object({ conversation: ConversationResource }).describe('The conversation as created'),
  })
  .describe('A first message between two participants opened a conversation');

export const WebhookEndpointDisabledEvent = z
  .object({
    ...envelope,
    type: z.literal('webhook_endpoint.disabled').describe('The event type'),
    data: z
      .object({
        endpoint: z
          .object({
            id: z.uuid().describe('The endpoint id'),
            url: z.string().describe('Where events were POSTed'),
            description: z.string().nullable().describe('The note it was registered with'),
            disabled_reason: z.string().describe('Why deliveries stopped'),
          })
          .describe('The endpoint, now disabled'),
        failing_since: z
          .string()
          .describe('Since when every attempt to it had failed (ISO 8601, UTC)'),
      })
      .describe('The endpoint and how long it had been failing'),
  })
  .describe(
    'An endpoint was disabled because every attempt to it failed for too long (re-enable it with PATCH `enabled: true`); sent to the other endpoints of the tenant and to the event stream',
  );

export const ClientEvent = z
  .discriminatedUnion('type', [
    MessageReceivedEvent,
    MessageStatusEvent,
    MessageFailedEvent,
    ConversationCreatedEvent,
    WebhookEndpointDisabledEvent,
  ])
  .describe('An event sent to client apps');
export type ClientEvent = z.infer<typeof ClientEvent>;
export type MessageReceivedEvent = z.infer<typeof MessageReceivedEvent>;
export type MessageStatusEvent = z.infer<typeof MessageStatusEvent>;
export type MessageFailedEvent = z.infer<typeof MessageFailedEvent>;
export type ConversationCreatedEvent = z.infer<typeof ConversationCreatedEvent>;
export type WebhookEndpointDisabledEvent = z.infer<typeof WebhookEndpointDisabledEvent>;

/** The schema of each event type, e.g. for the OpenAPI `webhooks` section. */
export const CLIENT_EVENT_SCHEMAS = {
  'message.received': MessageReceivedEvent,
  'message.status': MessageStatusEvent,
  'message.failed': MessageFailedEvent,
  'conversation.created': ConversationCreatedEvent,
  'webhook_endpoint.disabled': WebhookEndpointDisabledEvent,
} as const satisfies Record<ClientEventType, z.ZodType>;

/** Statuses that, besides `message.status`, raise `message.failed`. */
export const FAILURE_STATUSES: readonly MessageStatus[] = ['failed', 'undelivered'];

/** The conversation a client event is about, when it is about one (ordering, stream filters). */
export function conversationOfEvent(event: ClientEvent): string | null {
  switch (event.type) {
    case 'conversation.created':
      return event.data.conversation.id;
    case 'webhook_endpoint.disabled':
      return null;
    default:
      return event.data.message.conversation_id;
  }
}

/** The query of the event stream (`GET /api/v1/events/stream`). */
export const EventStreamQuery = z
  .object({
    types: z
      .string()
      .optional()
      .transform((value, ctx): ClientEventType[] | undefined => {
        if (value === undefined) return undefined;
        const types = value.split(',').map((t) => t.trim());
        const unknown = types.filter((t) => !(CLIENT_EVENT_TYPES as readonly string[]).includes(t));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown event type(s): ${unknown.join(', ')}; known: ${CLIENT_EVENT_TYPES.join(', ')}`,
          });
          return z.NEVER;
        }
        return [...new Set(types)] as ClientEventType[];
      })
      .meta({
        description: 'Only events of these types, comma-separated (every type when absent)',
        examples: ['message.received,message.status'],
      }),
    conversation_id: z
      .uuid()
      .optional()
      .describe('Only events about this conversation (its messages, its creation)'),
    last_event_id: z
      .string()
      .regex(/^\d{1,16}$/, 'must be the `id` of an event this stream sent')
      .optional()
      .describe(
        'Resume after this event: the same as the `Last-Event-ID` header, for clients that cannot set headers (the header wins when both are given)',
      ),
  })
  .strict();
export type EventStreamQuery = z.infer<typeof EventStreamQuery>;

/** The `Last-Event-ID` header of the event stream: the `id` of the last event a client saw. */
export const LastEventIdHeader = z.object({
  'last-event-id': z
    .string()
    .regex(/^\d{1,16}$/, 'must be the `id` of an event this stream sent')
    .optional()
    .meta({
      description:
        'Resume after this event (the `id:` of an event this stream sent; EventSource clients send it when they reconnect): every later event of the tenant still kept is sent first, then live ones',
      examples: ['1042'],
    }),
});
