import fc from 'fast-check';
import { SENDGRID_EVENT_MEANING, SendGridEventType } from '@switchboard/contracts';
import { normalizeSendGridEvents } from './sendgrid-events.normalizer';

const now = new Date('2026-01-01T00:00:00Z');
const event = (type: string) => ({
  event: type,
  sg_event_id: 'ZGVsaXZlcmVkLTAtMTIzNDU2Nzg5',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
});

/** Whether webhook-ingest acts on an event type: it moves the message, not only logs the event. */
const actsOn = (type: string) => {
  const result = normalizeSendGridEvents([event(type)], now);
  return result.statuses.length === 1 && result.ignored.length === 0;
};

describe('the SendGrid event types webhook-ingest reads are the ones the contracts list', () => {
  it.each(SendGridEventType.options)('moves a message we sent on for %s', (type) => {
    const { statuses } = normalizeSendGridEvents([event(type)], now);
    expect(statuses.map((s) => s.status)).toEqual([SENDGRID_EVENT_MEANING[type]]);
  });

  it.each(['deferred', 'Delivered', 'constructor', '__proto__', 'toString'])(
    'acknowledges %s and logs it only',
    (type) => {
      const result = normalizeSendGridEvents([event(type)], now);
      expect(result.statuses).toEqual([]);
      expect(result.ignored).toEqual([`sendgrid event "${type}"`]);
    },
  );

  it.each([
    ['bounce', undefined, 'hard_bounce'],
    ['bounce', 'bounce', 'hard_bounce'],
    ['bounce', 'blocked', 'soft_bounce'],
    ['blocked', undefined, 'soft_bounce'],
    ['dropped', undefined, 'dropped'],
    ['spamreport', undefined, 'spam_report'],
    ['unsubscribe', undefined, 'unsubscribe'],
    ['group_unsubscribe', undefined, 'group_unsubscribe'],
    ['delivered', undefined, null],
    ['open', undefined, null],
  ])('tells what %s (type %s) says about the recipient: %s', (type, bounceType, signal) => {
    const { statuses } = normalizeSendGridEvents(
      [{ ...event(type), ...(bounceType ? { type: bounceType } : {}) }],
      now,
    );
    expect(statuses[0]?.recipient_signal).toBe(signal);
  });

  // The document lists SendGridEventType (the gateway's webhook-docs spec checks that side).
  it('acts on exactly the event types the documented schema lists, and on no other', () => {
    expect(SendGridEventType.options.filter(actsOn)).toEqual(SendGridEventType.options);
    const listed: ReadonlySet<string> = new Set(SendGridEventType.options);
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (type) => {
        fc.pre(!listed.has(type));
        expect(actsOn(type)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
