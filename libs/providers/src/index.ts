export type * from './provider';
export * from './provider-error';
export * from './html-to-text';
export * from './twilio/twilio-sms-provider';
export * from './sendgrid/sendgrid-email-provider';
export * from './twilio/twilio-signature';
export * from './sendgrid/sendgrid-signature';
