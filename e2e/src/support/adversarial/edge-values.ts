import fc from 'fast-check';

/**
 * Phone numbers as a hostile or careless client writes them: other scripts' digits, invisible
 * and bidirectional characters, surrogates, NUL, absurd lengths.
 */
export const edgePhoneNumbers: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '+15550123456',
    '+1 (555) 012-3456',
    '+１５５５０１２３４５６', // fullwidth digits
    '＋15550123456', // fullwidth plus
    '+١٥٥٥٠١٢٣٤٥٦', // Arabic-Indic digits
    '+۱۵۵۵۰۱۲۳۴۵۶', // Extended Arabic-Indic digits
    '+१५५५०१२३४५६', // Devanagari digits
    '+𝟏𝟓𝟓𝟓𝟎𝟏𝟐𝟑𝟒𝟓𝟔', // mathematical bold digits (astral plane)
    '+1555\u200b0123456', // zero-width space
    '\u202e+15550123456', // right-to-left override
    '+1555\u00a00123456', // no-break space
    '+15550123456\u0000',
    '+15550123456\ud800', // lone high surrogate
    '+1\u0301555012345', // combining acute accent
    '+15550123456 ext. 99999',
    '+15550123456;ext=1',
    'tel:+15550123456',
    '+0000000000',
    '+',
    '++15550123456',
    '-15550123456',
    '1e10',
    '0x1F',
    'NaN',
    `+${'9'.repeat(320)}`,
    `+1${'5'.repeat(30)}`,
    '+15550123456\r\nX-Injected: 1',
  ),
  fc
    .tuple(
      fc.constantFrom('+1555', '+44', '+', '', '00'),
      fc.array(fc.constantFrom(...'0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９ -().\u200d'), {
        minLength: 1,
        maxLength: 16,
      }),
    )
    .map(([prefix, chars]) => prefix + chars.join('')),
);

/** Email addresses at the edges of RFC 5321/6531 and beyond them. */
export const edgeEmails: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'jane@example.com',
    'JANE@EXAMPLE.COM',
    'ünïcödé@exämple.com',
    '用户@例子.广告',
    'ａｂｃ@ｅｘａｍｐｌｅ.com', // fullwidth
    'jane\u200b@example.com',
    'jane@example.com\u202e',
    'jane@xn--',
    'jane@-example-.com',
    '"quoted local"@example.com',
    '"a@b"@example.com',
    'jane@[127.0.0.1]',
    'jane@[IPv6:::1]',
    'jane@localhost',
    'a@b',
    '@example.com',
    'jane@',
    'jane@@example.com',
    'a@b@c.com',
    'jane.@example.com',
    '.jane@example.com',
    'jane..doe@example.com',
    'jane\u0000@example.com',
    'jane@example.com\r\nBcc: victim@example.com',
    'jane@example.com>, <evil@example.com',
    'Jane Doe <jane@example.com>',
    `${'a'.repeat(64)}@${'b'.repeat(63)}.com`,
    `${'a'.repeat(65)}@example.com`,
    `jane@${'b'.repeat(250)}.com`,
    `${'a'.repeat(200)}@${'b.'.repeat(60)}com`,
    '😀@😀.com',
    'jane\ud800@example.com',
  ),
  fc.emailAddress(),
);

/** Strings that break naive code: control characters, surrogates, markup, SQL, format strings. */
export const edgeStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff',
    '\ufeff',
    '\u202e',
    '\r\n\r\n',
    '%s%s%n',
    '${7*7}',
    '{{7*7}}',
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '<!--',
    '<![CDATA[',
    '&#0;',
    '../../etc/passwd',
    'null',
    'undefined',
    'NaN',
    '0',
    '-0',
    '1e999',
    'true',
    '[]',
    '{}',
    '__proto__',
    ' ',
    '\t\n\u000b\f\r',
    'é'.normalize('NFD'),
    '👩‍👩‍👧‍👦',
    'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  ),
  fc.string({ unit: 'binary', maxLength: 16 }),
);

/** The characters large texts are made of; each stressed a quadratic regex or a size limit once. */
export const LARGE_FILL_UNITS: readonly string[] = [
  'x',
  'é',
  '😀',
  '>',
  // Each of these once made a quadratic regex stall a service:
  '<',
  ' ',
  '\t',
  ' x',
  'a@',
  '<a ',
  '"\'',
  '&lt;',
  // Six bytes each as JSON: an inbound event must stay within NATS's payload limit as serialised.
  '\u0001',
];

/** A large text: `unit` repeated to `chars` characters (at least one unit). */
export function largeText(unit: string, chars: number): string {
  return unit.repeat(Math.max(1, Math.ceil(chars / unit.length)));
}

/** A JSON document `depth` arrays deep: `[[[…]]]`. */
export function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** A JSON object `depth` levels deep: `{"a":{"a":…1…}}`. */
export function nestedObjects(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
