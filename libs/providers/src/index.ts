export type * from './provider';
export * from './provider-error';
export * from './twilio/twilio-sms-provider';
export * from './sendgrid/sendgrid-email-provider';
export * from './twilio/twilio-signature';
export * from './sendgrid/sendgrid-signature';
export * from './attachment-links';
export * from './telnyx/telnyx-sms-provider';
export * from './smtp/smtp-email-provider';
