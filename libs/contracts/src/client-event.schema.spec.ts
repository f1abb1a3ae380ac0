import {
  CLIENT_EVENT_SCHEMAS,
  CLIENT_EVENT_TYPES,
  ClientEvent,
  EventStreamQuery,
  conversationOfEvent,
} from './client-event.schema';
import type { SuppressionResource } from './suppression.schema';

const envelope = {
  id: 'evt_01a21c43-e04d-77cc-97ae-1d07b0f7316a',
  created_at: '2026-01-05T10:00:00.000Z',
  tenant_id: 'acme',
};
const entry = (overrides: Partial<SuppressionResource> = {}): SuppressionResource => ({
  id: '01a21c43-e04d-77cc-97ae-1d07b0f73100',
  channel: 'phone',
  address: '+15550100199',
  sender: '+15550100100',
  reason: 'opt_out',
  source: '01a21c43-e04d-77cc-97ae-1d07b0f73101',
  note: 'replied STOP',
  created_by: 'recipient',
  created_at: '2026-01-05T10:00:00.000Z',
  ...overrides,
});

describe('consent client events', () => {
  it('are client event types, each with its schema', () => {
    for (const type of [
      'recipient.opted_out',
      'recipient.opted_in',
      'suppression.created',
      'suppression.deleted',
    ] as const) {
      expect(CLIENT_EVENT_TYPES).toContain(type);
      expect(CLIENT_EVENT_SCHEMAS[type]).toBeDefined();
    }
    expect(EventStreamQuery.parse({ types: 'recipient.opted_out,suppression.deleted' })).toEqual({
      types: ['recipient.opted_out', 'suppression.deleted'],
    });
  });

  it('parse as the union, and are about no conversation', () => {
    const events = [
      {
        ...envelope,
        type: 'recipient.opted_out',
        data: {
          phone_number: '+15550100199',
          sender: null,
          inbound_message_id: '01a21c43-e04d-77cc-97ae-1d07b0f73101',
          suppression: entry({ sender: null }),
        },
      },
      {
        ...envelope,
        type: 'recipient.opted_in',
        data: {
          phone_number: '+15550100199',
          sender: '+15550100100',
          inbound_message_id: null,
          suppression: entry(),
        },
      },
      {
        ...envelope,
        type: 'suppression.created',
        data: {
          suppression: entry({
            channel: 'email',
            address: 'jane@example.com',
            sender: null,
            reason: 'hard_bounce',
            source: 'sendgrid:abc',
            created_by: 'sendgrid',
          }),
        },
      },
      {
        ...envelope,
        type: 'suppression.deleted',
        data: {
          suppression: entry({ channel: 'email', address: 'jane@example.com', reason: 'manual' }),
          deleted_by: 'key_1',
          note: 'consent given',
        },
      },
    ];
    for (const event of events) {
      const parsed = ClientEvent.parse(event);
      expect(parsed).toEqual(event);
      expect(conversationOfEvent(parsed)).toBeNull();
    }
  });

  it('refuse what they must carry missing or mistyped', () => {
    const optedOut = {
      ...envelope,
      type: 'recipient.opted_out',
      data: { sender: null, inbound_message_id: null, suppression: entry() },
    };
    expect(ClientEvent.safeParse(optedOut).success).toBe(false);
    expect(
      ClientEvent.safeParse({
        ...envelope,
        type: 'suppression.deleted',
        data: { suppression: entry({ reason: 'tired' as never }), deleted_by: 'x', note: null },
      }).success,
    ).toBe(false);
    expect(
      ClientEvent.safeParse({
        ...envelope,
        type: 'suppression.deleted',
        data: { suppression: entry(), note: null },
      }).success,
    ).toBe(false);
  });
});
