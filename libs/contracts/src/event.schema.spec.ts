import { StatusEvent } from './event.schema';

const event = {
  event_id: 'twilio:SM0001:delivered',
  message_id: '01a21c43-e04d-77cc-97ae-1d07b0f73111',
  provider: 'twilio',
  provider_message_id: 'SM0001',
  status: 'delivered',
  error_code: null,
  error_message: null,
  occurred_at: '2026-01-05T10:00:00.000Z',
  source: 'webhook',
};

describe('StatusEvent times', () => {
  it.each(['2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00Z', '2026-01-05T11:00:00+01:00'])(
    'takes %s',
    (occurredAt) => {
      expect(StatusEvent.parse({ ...event, occurred_at: occurredAt }).occurred_at).toBe(occurredAt);
      const step = { event_id: 'sending-1', occurred_at: occurredAt };
      expect(StatusEvent.parse({ ...event, sending_step: step }).sending_step).toEqual(step);
    },
  );

  // Each is stored as a timestamp: one that is not would fail the whole group it arrived with.
  it.each(['', 'yesterday', '2026-01-05', '2026-13-05T10:00:00Z', '2026-01-05 10:00:00'])(
    'refuses %j, naming the field',
    (occurredAt) => {
      const asEvent = StatusEvent.safeParse({ ...event, occurred_at: occurredAt });
      expect(asEvent.success).toBe(false);
      expect(asEvent.error?.issues[0]?.path).toEqual(['occurred_at']);
      const asStep = StatusEvent.safeParse({
        ...event,
        sending_step: { event_id: 'sending-1', occurred_at: occurredAt },
      });
      expect(asStep.success).toBe(false);
      expect(asStep.error?.issues[0]?.path).toEqual(['sending_step', 'occurred_at']);
    },
  );
});
