export {
  AddressError,
  extractEmailAddress,
  looksLikeEmail,
  normalizeAddress,
  normalizeEmail,
  normalizePhone,
} from './address';
export { segmentSms } from './sms-segments';

export type { AddressKind, NormalizedAddress } from './address';
export type { CountryCode } from 'libphonenumber-js';
export type { SmsEncoding, SmsSegmentation } from './sms-segments';
