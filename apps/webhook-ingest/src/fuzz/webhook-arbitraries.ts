import fc from 'fast-check';

/*
 * Generated webhook content shared by the fuzz suites: field values and the plausible Twilio
 * form, which the signature suite also posts.
 */

// Values a provider (or an attacker) might put in a field: any text, control characters and
// lone surrogates included, numbers-ish, huge, empty.
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 5 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '+15551234567', 'a@b.co', '-1', '1e309', 'NaN'),
  fc.string({ unit: 'grapheme-composite', minLength: 200, maxLength: 400 }),
  fc.string({ minLength: 2000, maxLength: 3000 }),
);

/** A Twilio form close to a real one: the right parameters, any of them possibly hostile. */
export const plausibleTwilio = fc.record({
  MessageSid: fc.oneof(fc.constant(`SM${'a'.repeat(32)}`), anyText),
  From: fc.oneof(fc.constant('+15551234567'), anyText),
  To: fc.oneof(fc.constant('+15557654321'), anyText),
  Body: anyText,
  SmsStatus: fc.constantFrom('received', 'sent', 'delivered', 'failed', 'weird', ''),
  NumMedia: fc.oneof(fc.constantFrom('0', '1', '2', '99999', '-3', 'x'), anyText),
  MediaUrl0: anyText,
});
