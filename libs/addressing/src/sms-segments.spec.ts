import { segmentSms } from './sms-segments';

describe('segmentSms', () => {
  describe('GSM-7', () => {
    it('counts one septet per basic character', () => {
      expect(segmentSms('Hello, world!')).toEqual({ encoding: 'GSM-7', units: 13, segments: 1 });
      expect(segmentSms('Café £5 @ 10:00\nÜber Ñ')).toEqual({
        encoding: 'GSM-7',
        units: 22,
        segments: 1,
      });
    });

    it.each([
      [1, 1],
      [160, 1],
      [161, 2],
      [306, 2],
      [307, 3],
      [459, 3],
      [460, 4],
      [1600, 11],
    ])('sends %i characters as %i segment(s)', (length, segments) => {
      expect(segmentSms('a'.repeat(length))).toEqual({
        encoding: 'GSM-7',
        units: length,
        segments,
      });
    });

    it.each(['€', '[', ']', '{', '}', '~', '^', '|', '\\'])(
      'counts the extension character %j as two septets',
      (ch) => {
        expect(segmentSms(ch)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
      },
    );

    it('moves to a second segment when an extension character pushes past 160 septets', () => {
      expect(segmentSms(`${'a'.repeat(158)}€`)).toEqual({
        encoding: 'GSM-7',
        units: 160,
        segments: 1,
      });
      expect(segmentSms(`${'a'.repeat(159)}[`)).toEqual({
        encoding: 'GSM-7',
        units: 161,
        segments: 2,
      });
      expect(segmentSms('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
      expect(segmentSms(`${'€'.repeat(80)}a`)).toEqual({
        encoding: 'GSM-7',
        units: 161,
        segments: 2,
      });
    });

    it('counts an empty body as one segment', () => {
      expect(segmentSms('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 1 });
    });
  });

  describe('UCS-2', () => {
    it.each([
      ['an emoji', '😀'],
      ['a Chinese character', '中'],
      ['a curly apostrophe', '’'],
      ['an accent GSM lacks', 'á'],
    ])('switches to UCS-2 for %s', (_label, ch) => {
      expect(segmentSms(`Hello ${ch}`).encoding).toBe('UCS-2');
    });

    it.each([
      [70, 1],
      [71, 2],
      [134, 2],
      [135, 3],
      [201, 3],
      [202, 4],
    ])('sends %i UCS-2 characters as %i segment(s)', (length, segments) => {
      expect(segmentSms('中'.repeat(length))).toEqual({
        encoding: 'UCS-2',
        units: length,
        segments,
      });
    });

    it('counts an emoji as two UTF-16 units', () => {
      expect(segmentSms('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
      expect(segmentSms('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
      expect(segmentSms(`${'a'.repeat(69)}😀`)).toEqual({
        encoding: 'UCS-2',
        units: 71,
        segments: 2,
      });
    });

    it('re-encodes the whole message when one character is outside GSM-7', () => {
      // 100 GSM characters fit one segment; one emoji makes the whole body UCS-2 and two segments.
      expect(segmentSms('a'.repeat(100)).segments).toBe(1);
      expect(segmentSms(`${'a'.repeat(100)}😀`)).toEqual({
        encoding: 'UCS-2',
        units: 102,
        segments: 2,
      });
      // Extension characters cost one UTF-16 unit once the message is UCS-2.
      expect(segmentSms('€€中')).toEqual({ encoding: 'UCS-2', units: 3, segments: 1 });
    });
  });
});
