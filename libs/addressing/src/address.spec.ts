import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import {
  AddressError,
  extractEmailAddress,
  looksLikeEmail,
  normalizeAddress,
  normalizeEmail,
  normalizePhone,
} from './address';
import { segmentSms } from './sms-segments';

describe('normalizePhone', () => {
  it('answers +1 and ten digits as libphonenumber does, without parsing', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        const raw = `+1${digits}`;
        const parsed = parsePhoneNumberFromString(raw, 'US');
        expect(parsed?.isPossible()).toBe(true);
        expect(normalizePhone(raw)).toBe(parsed!.number);
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    '+15551234567',
    '+1 (555) 123-4567',
    '+1 555 123 4567',
    '+1-555-123-4567',
    '+1.555.123.4567',
    '(555) 123-4567',
    '555-123-4567',
    '555.123.4567',
    '555 123 4567',
    '5551234567',
    '1-555-123-4567',
    '  +1 555 123 4567  ',
  ])('reads %j as the US number +15551234567', (raw) => {
    expect(normalizePhone(raw)).toBe('+15551234567');
  });

  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['+44 (0)20 7946 0958', '+442079460958'],
    ['+447911123456', '+447911123456'],
    ['+44 7911 123456', '+447911123456'],
  ])('keeps the UK country code of %j', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it('reads national numbers in the given default country', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
    // The same digits are not a possible US number.
    expect(() => normalizePhone('020 7946 0958')).toThrow(AddressError);
  });

  it('accepts test ranges that are possible but unassigned, such as +1555…', () => {
    expect(normalizePhone('+15550000001')).toBe('+15550000001');
    expect(normalizePhone('+1 555 010 9999')).toBe('+15550109999');
  });

  it.each([
    ['letters', 'call me'],
    ['an email address', 'jane@example.com'],
    ['an extension', '+1 555 123 4567 ext 5'],
    ['too few digits', '123'],
    ['a country code alone', '+1555'],
    ['too many digits', '+1 5551234567890123'],
    ['an empty string', ''],
    ['only spaces', '   '],
    ['a line break', '+1555123\n4567'],
  ])('refuses %s', (_label, raw) => {
    expect(() => normalizePhone(raw)).toThrow(AddressError);
  });

  it('tells the caller what form is expected', () => {
    expect(() => normalizePhone('call me')).toThrow(/\+15551234567/);
    expect(() => normalizePhone('123')).toThrow(/possible phone number/);
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and trims', () => {
    expect(normalizeEmail('Jane.Doe@Example.COM')).toBe('jane.doe@example.com');
    expect(normalizeEmail('  jane@example.com  ')).toBe('jane@example.com');
  });

  it('accepts ordinary addresses with tags, dots and subdomains', () => {
    expect(normalizeEmail('first.last+tag@mail.example.co.uk')).toBe(
      'first.last+tag@mail.example.co.uk',
    );
    expect(normalizeEmail("o'brien@example-mail.ie")).toBe("o'brien@example-mail.ie");
  });

  it.each([
    ['a space in the local part', 'jane doe@example.com'],
    ['a space in the domain', 'jane@exa mple.com'],
    ['no domain', 'jane@'],
    ['no local part', '@example.com'],
    ['no dot in the domain', 'jane@localhost'],
    ['no @ at all', 'jane.example.com'],
    ['two @', 'jane@doe@example.com'],
    ['a doubled @', 'jane@@example.com'],
    ['an embedded CR/LF (header injection)', 'jane@example.com\r\nBcc: victim@example.com'],
    ['a LF inside the local part', 'ja\nne@example.com'],
    ['a CR inside the domain', 'jane@exam\rple.com'],
    ['a display name', 'Jane <jane@example.com>'],
    ['an empty domain label', 'jane@example..com'],
    ['a domain label starting with a hyphen', 'jane@-example.com'],
    [
      'more than 254 characters',
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
    ],
  ])('refuses %s', (_label, raw) => {
    expect(() => normalizeEmail(raw)).toThrow(AddressError);
  });
});

describe('normalizeAddress', () => {
  it('says which kind of address it normalised', () => {
    expect(normalizeAddress('Jane@Example.com')).toEqual({
      kind: 'email',
      value: 'jane@example.com',
    });
    expect(normalizeAddress('(555) 123-4567')).toEqual({ kind: 'phone', value: '+15551234567' });
    expect(normalizeAddress('020 7946 0958', 'GB')).toEqual({
      kind: 'phone',
      value: '+442079460958',
    });
  });

  it('refuses an address that is neither', () => {
    expect(() => normalizeAddress('not an address')).toThrow(AddressError);
    expect(() => normalizeAddress('jane@')).toThrow(AddressError);
  });

  it('treats anything with an @ as an email address', () => {
    expect(looksLikeEmail('jane@example.com')).toBe(true);
    expect(looksLikeEmail('+15551234567')).toBe(false);
  });
});

describe('extractEmailAddress', () => {
  it.each([
    ['"Name" <a@b.com>', 'a@b.com'],
    ['Jane Doe <jane@example.com>', 'jane@example.com'],
    ['"Doe, Jane <work>" <jane@example.com>', 'jane@example.com'],
    ['<jane@example.com>', 'jane@example.com'],
    ['Jane < jane@example.com >  ', 'jane@example.com'],
    ['jane@example.com', 'jane@example.com'],
    ['  jane@example.com  ', 'jane@example.com'],
  ])('pulls the address out of %j', (raw, expected) => {
    expect(extractEmailAddress(raw)).toBe(expected);
  });

  it('leaves the case alone, so normalisation stays a separate step', () => {
    expect(extractEmailAddress('Jane <Jane@Example.com>')).toBe('Jane@Example.com');
    expect(normalizeEmail(extractEmailAddress('Jane <Jane@Example.com>'))).toBe('jane@example.com');
  });
});

describe('addresses and bodies from hostile input', () => {
  const attempt = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof AddressError)) throw err;
    }
  };

  it.each(adversarialTexts())('handles 1 MiB of %s within the budget', (_name, text) => {
    const named = `${text}<a@b.co>`;
    const calls: [string, () => unknown][] = [
      ['looksLikeEmail', () => looksLikeEmail(text)],
      ['normalizeEmail', attempt(() => normalizeEmail(text))],
      ['normalizePhone', attempt(() => normalizePhone(text))],
      ['normalizeAddress', attempt(() => normalizeAddress(text))],
      ['extractEmailAddress', () => extractEmailAddress(text)],
      ['extractEmailAddress of a named address', () => extractEmailAddress(named)],
      ['segmentSms', () => segmentSms(text)],
    ];
    expect(slowCalls(calls)).toEqual([]);
  });
});
