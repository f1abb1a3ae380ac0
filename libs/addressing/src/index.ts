export * from './address';
export type { CountryCode } from 'libphonenumber-js';
export * from './sms-segments';
