import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type AddressKind = 'phone' | 'email';

export interface NormalizedAddress {
  kind: AddressKind;
  /** E.164 for phone numbers, lower-cased for email addresses. */
  value: string;
}

/** Thrown when a value is neither a possible phone number nor a valid email address. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
}

// Deliberately simple and strict: one @, no spaces or control characters, a dotted domain.
const EMAIL =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  /^[^\s@<>()[\]\\,;:"\u0000-\u001f\u007f]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const EMAIL_MAX = 254;
/**
 * The longest raw value looked at: an address with the white space a form or header may leave
 * around it. Anything longer is refused before it is trimmed, lower-cased or matched.
 */
const RAW_ADDRESS_MAX = 320;
/** `+1 (555) 123-4567 ext…`: far more than any phone number written by hand. */
const RAW_PHONE_MAX = 64;

/** Whether an address is meant as email rather than a phone number: it has an `@`. */
export function looksLikeEmail(value: string): boolean {
  return value.includes('@');
}

/**
 * A valid email address, trimmed and lower-cased; throws `AddressError` otherwise.
 *
 * @example normalizeEmail(' Ada@Example.com ') // 'ada@example.com'
 */
export function normalizeEmail(raw: string): string {
  if (raw.length > RAW_ADDRESS_MAX) throw new AddressError('must be a valid email address');
  const value = raw.trim().toLowerCase();
  if (value.length > EMAIL_MAX || !EMAIL.test(value)) {
    throw new AddressError('must be a valid email address');
  }
  return value;
}

const NANP_E164 = /^\+1\d{10}$/;

/**
 * E.164 form of a phone number written in any common way (`+1 (555) 123-4567`, `+15551234567`).
 * Numbers without a country code are read in `defaultCountry`. Test ranges such as +1555…
 * are accepted: a number must be possible, not necessarily assigned.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'US'): string {
  if (raw.length > RAW_PHONE_MAX) {
    throw new AddressError('must be a phone number in E.164 form, e.g. +15551234567');
  }
  const value = raw.trim();
  // Already E.164 in the North American plan: +1 and ten digits is always a possible number
  // and is its own E.164 form. Answered without parsing, which costs tens of microseconds
  // (libphonenumber looks for the NANP country by area code) and dominated bulk sends.
  if (NANP_E164.test(value)) return value;
  if (!/^[+\d\s().\-/]+$/.test(value))
    throw new AddressError('must be a phone number in E.164 form, e.g. +15551234567');
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  if (!parsed || !parsed.isPossible()) {
    throw new AddressError('must be a possible phone number, e.g. +15551234567');
  }
  return parsed.number;
}

/** Normalises a phone number or an email address, telling which it is. */
export function normalizeAddress(
  raw: string,
  defaultCountry: CountryCode = 'US',
): NormalizedAddress {
  return looksLikeEmail(raw)
    ? { kind: 'email', value: normalizeEmail(raw) }
    : { kind: 'phone', value: normalizePhone(raw, defaultCountry) };
}

/**
 * Pulls the address out of `Name <addr@example.com>` forms; returns the input when bare. One
 * pass from the end, without a regular expression: a header field can be megabytes long.
 */
export function extractEmailAddress(raw: string): string {
  const value = raw.trimEnd();
  if (value.endsWith('>')) {
    const open = value.lastIndexOf('<', value.length - 2);
    const inner = open < 0 ? '' : value.slice(open + 1, -1);
    if (inner && !inner.includes('>')) return inner.trim();
  }
  return raw.trim();
}
