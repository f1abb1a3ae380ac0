import { formatQuietHours, parseQuietHours, quietUntil, recipientTimeZone } from './quiet-hours';

const NIGHT = { start: 21 * 60, end: 8 * 60 };

describe('quiet hours', () => {
  it('parse and print HH:MM-HH:MM, refusing anything else', () => {
    expect(parseQuietHours('21:00-08:00')).toEqual(NIGHT);
    expect(formatQuietHours(NIGHT)).toBe('21:00-08:00');
    expect(parseQuietHours('12:30-13:45')).toEqual({ start: 750, end: 825 });
    for (const bad of ['21-8', '24:00-08:00', '21:00-21:00', '21:00', '21:00-08:00-09:00', '']) {
      expect(parseQuietHours(bad)).toBeUndefined();
    }
  });

  it('take the zone of a NANP number from its area code, else its country', () => {
    expect(recipientTimeZone('+14155550100')).toBe('America/Los_Angeles');
    expect(recipientTimeZone('+13125550100')).toBe('America/Chicago');
    expect(recipientTimeZone('+16025550100')).toBe('America/Phoenix');
    expect(recipientTimeZone('+12125550100')).toBe('America/New_York');
    expect(recipientTimeZone('+16045550100')).toBe('America/Los_Angeles');
    expect(recipientTimeZone('+447700900123')).toBe('Europe/London');
    expect(recipientTimeZone('+61412345678')).toBe('Australia/Sydney');
    expect(recipientTimeZone('+3726123456')).toBeUndefined();
    expect(recipientTimeZone('not a number')).toBeUndefined();
  });

  it('hold a message sent inside the window until it ends, in the zone given', () => {
    // 00:30 in New York (EST, UTC-5): held until 08:00 there, 13:00 UTC.
    expect(quietUntil(new Date('2026-12-07T05:30:00Z'), NIGHT, 'America/New_York')).toEqual(
      new Date('2026-12-07T13:00:00Z'),
    );
    // 21:00:30 in London: the window starts; held until 08:00 the next morning.
    expect(quietUntil(new Date('2026-12-07T21:00:30Z'), NIGHT, 'Europe/London')).toEqual(
      new Date('2026-12-08T08:00:00Z'),
    );
    // A same-day window (not across midnight).
    expect(quietUntil(new Date('2026-12-07T12:10:00Z'), { start: 720, end: 780 }, 'UTC')).toEqual(
      new Date('2026-12-07T13:00:00Z'),
    );
  });

  it('let a message through outside the window, the end minute included', () => {
    expect(quietUntil(new Date('2026-12-07T13:00:00Z'), NIGHT, 'America/New_York')).toBeUndefined();
    expect(quietUntil(new Date('2026-12-07T20:59:59Z'), NIGHT, 'Europe/London')).toBeUndefined();
    expect(
      quietUntil(new Date('2026-12-07T18:00:00Z'), NIGHT, 'America/Los_Angeles'),
    ).toBeUndefined();
  });
});
