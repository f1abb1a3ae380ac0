import {
  TWILIO_INBOUND_STATUSES,
  TWILIO_OUTBOUND_STATUSES,
  TWILIO_OUTBOUND_STATUS_MEANING,
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
});
