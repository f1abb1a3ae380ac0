import fc from 'fast-check';
import {
  TWILIO_INBOUND_STATUSES,
  TWILIO_OUTBOUND_STATUSES,
  TWILIO_OUTBOUND_STATUS_MEANING,
  TwilioMessageStatus,
} from '@switchboard/contracts';
import { normalizeTwilio } from './twilio.normalizer';

const now = new Date('2026-01-01T00:00:00Z');
const callback = (status: string) => ({
  MessageSid: 'SM1',
  MessageStatus: status,
  From: '+15551234567',
  To: '+15557654321',
  Body: 'hi',
});

/** Whether webhook-ingest acts on a status: it moves a message or threads one, not ignores it. */
const actsOn = (status: string) => {
  const result = normalizeTwilio(callback(status), now, 'US');
  return result.statuses.length + result.inbound.length === 1 && result.ignored.length === 0;
};

describe('the Twilio statuses webhook-ingest reads are the ones the contracts list', () => {
  it.each(TWILIO_OUTBOUND_STATUSES)('moves a message we sent on for %s', (status) => {
    const result = normalizeTwilio(callback(status), now, 'US');
    expect(result.statuses.map((s) => s.status)).toEqual([TWILIO_OUTBOUND_STATUS_MEANING[status]]);
    expect(result.ignored).toEqual([]);
  });

  it.each(TWILIO_INBOUND_STATUSES)('threads an incoming message for %s', (status) => {
    const result = normalizeTwilio(callback(status), now, 'US');
    expect(result.inbound).toHaveLength(1);
    expect(result.statuses).toEqual([]);
  });

  it.each(['paused', 'constructor', '__proto__'])(
    'ignores %s, which Twilio never sends',
    (status) => {
      const result = normalizeTwilio(callback(status), now, 'US');
      expect(result.statuses).toEqual([]);
      expect(result.ignored).toEqual([`twilio status "${status}"`]);
    },
  );

  // The document lists TwilioMessageStatus (the gateway's webhook-docs spec checks that side).
  it('acts on exactly the statuses the documented schema lists, in any case, and on no other', () => {
    expect(TwilioMessageStatus.options.filter(actsOn)).toEqual(TwilioMessageStatus.options);
    expect(TwilioMessageStatus.options.map((s) => s.toUpperCase()).filter(actsOn)).toHaveLength(
      TwilioMessageStatus.options.length,
    );
    const listed: ReadonlySet<string> = new Set(TwilioMessageStatus.options);
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('deliveredx', 'read ', 'Paused')),
        (status) => {
          fc.pre(status !== '' && !listed.has(status.toLowerCase()));
          expect(actsOn(status)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
