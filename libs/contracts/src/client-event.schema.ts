import { z } from 'zod';
import { TenantId } from './tenant.schema';
import { ConversationResource, MessageResource, MessageStatus } from './message.schema';
import { SuppressionResource } from './suppression.schema';

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
  'recipient.opted_out',
  'recipient.opted_in',
  'suppression.created',
  'suppression.deleted',
] as const;
export const ClientEventType = z
  .enum(CLIENT_EVENT_TYPES)
  .describe(
    '`message.received` (an inbound message was stored), `message.status` (an outbound message moved in its lifecycle), `message.failed` (an outbound message failed or was undelivered), `conversation.created` (a first message opened a conversation), `webhook_endpoint.disabled` (Switchboard stopped delivering to an endpoint that kept failing), `recipient.opted_out` / `recipient.opted_in` (an SMS/MMS recipient texted STOP / START), `suppression.created` / `suppression.deleted` (an entry was added to / removed from the suppression list for any other reason)',
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

/** A recipient's STOP or START: who, which of the tenant's numbers, and the message that said it. */
const ConsentChangeData = z.object({
  phone_number: z.string().describe('The recipient (E.164)'),
  sender: z
    .string()
    .nullable()
    .describe(
      "The tenant's number the change covers; null: every number of the tenant (the account's opt-out scope)",
    ),
  inbound_message_id: z
    .uuid()
    .nullable()
    .describe("The recipient's inbound message that said the keyword"),
  suppression: SuppressionResource.describe('The suppression list entry'),
});

export const RecipientOptedOutEvent = z
  .object({
    ...envelope,
    type: z.literal('recipient.opted_out').describe('The event type'),
    data: ConsentChangeData.describe(
      'The opt-out, and the entry now on the suppression list (reason `opt_out`)',
    ),
  })
  .describe(
    'An SMS/MMS recipient texted STOP (or a synonym): messages to them from the covered numbers are refused until they text START. Not sent again for a repeated STOP',
  );
export const RecipientOptedInEvent = z
  .object({
    ...envelope,
    type: z.literal('recipient.opted_in').describe('The event type'),
    data: ConsentChangeData.describe(
      'The opt-in, and the opt-out entry it took off the suppression list (one event per entry)',
    ),
  })
  .describe(
    'An SMS/MMS recipient who had opted out texted START (or a synonym): the covered numbers may message them again. Not sent when there was no opt-out to lift',
  );

export const SuppressionCreatedEvent = z
  .object({
    ...envelope,
    type: z.literal('suppression.created').describe('The event type'),
    data: z
      .object({ suppression: SuppressionResource.describe('The entry as added') })
      .describe('The new entry: address, channel, reason, what caused it and who added it'),
  })
  .describe(
    'A recipient was put on the suppression list (a hard bounce, a spam report, an unsubscribe, a manual entry, …; SMS opt-outs are `recipient.opted_out`). Not sent when the recipient was on it already',
  );
export const SuppressionDeletedEvent = z
  .object({
    ...envelope,
    type: z.literal('suppression.deleted').describe('The event type'),
    data: z
      .object({
        suppression: SuppressionResource.describe('The entry as it was before it was removed'),
        deleted_by: z
          .string()
          .describe('Who removed it: the acting client (API key id), or the operator'),
        note: z.string().nullable().describe('Why, as given by whoever removed it'),
      })
      .describe('The removed entry, who removed it and why'),
  })
  .describe(
    'A recipient was taken off the suppression list (one event per entry removed; an SMS START is `recipient.opted_in`)',
  );

export const ClientEvent = z
  .discriminatedUnion('type', [
    MessageReceivedEvent,
    MessageStatusEvent,
    MessageFailedEvent,
    ConversationCreatedEvent,
    WebhookEndpointDisabledEvent,
    RecipientOptedOutEvent,
    RecipientOptedInEvent,
    SuppressionCreatedEvent,
    SuppressionDeletedEvent,
  ])
  .describe('An event sent to client apps');
export type ClientEvent = z.infer<typeof ClientEvent>;
export type MessageReceivedEvent = z.infer<typeof MessageReceivedEvent>;
export type MessageStatusEvent = z.infer<typeof MessageStatusEvent>;
export type MessageFailedEvent = z.infer<typeof MessageFailedEvent>;
export type ConversationCreatedEvent = z.infer<typeof ConversationCreatedEvent>;
export type WebhookEndpointDisabledEvent = z.infer<typeof WebhookEndpointDisabledEvent>;
export type RecipientOptedOutEvent = z.infer<typeof RecipientOptedOutEvent>;
export type RecipientOptedInEvent = z.infer<typeof RecipientOptedInEvent>;
export type SuppressionCreatedEvent = z.infer<typeof SuppressionCreatedEvent>;
export type SuppressionDeletedEvent = z.infer<typeof SuppressionDeletedEvent>;

/** The schema of each event type, e.g. for the OpenAPI `webhooks` section. */
export const CLIENT_EVENT_SCHEMAS = {
  'message.received': MessageReceivedEvent,
  'message.status': MessageStatusEvent,
  'message.failed': MessageFailedEvent,
  'conversation.created': ConversationCreatedEvent,
  'webhook_endpoint.disabled': WebhookEndpointDisabledEvent,
  'recipient.opted_out': RecipientOptedOutEvent,
  'recipient.opted_in': RecipientOptedInEvent,
  'suppression.created': SuppressionCreatedEvent,
  'suppression.deleted': SuppressionDeletedEvent,
} as const satisfies Record<ClientEventType, z.ZodType>;

/** Statuses that, besides `message.status`, raise `message.failed`. */
export const FAILURE_STATUSES: readonly MessageStatus[] = ['failed', 'undelivered'];

/** The conversation a client event is about, when it is about one (ordering, stream filters). */
export function conversationOfEvent(event: ClientEvent): string | null {
  switch (event.type) {
    case 'conversation.created':
      return event.data.conversation.id;
    case 'webhook_endpoint.disabled':
    case 'recipient.opted_out':
    case 'recipient.opted_in':
    case 'suppression.created':
    case 'suppression.deleted':
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
