export { classifyFailure, ErrorClasses, ProviderError } from './provider-error';
export { createTwilioSmsProvider } from './twilio/twilio-sms-provider';
export {
  createSendGridEmailProvider,
  SENDGRID_MESSAGE_ID_ARG,
} from './sendgrid/sendgrid-email-provider';
export { signTwilioRequest, verifyTwilioSignature } from './twilio/twilio-signature';
export {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  sendGridPublicKey,
  signSendGridPayload,
  verifySendGridSignature,
} from './sendgrid/sendgrid-signature';
export {
  CallbackParams,
  parseGeneration,
  SENDGRID_GENERATION_ARG,
  statusCallbackFor,
} from './callback-attempt';
export { createTelnyxSmsProvider } from './telnyx/telnyx-sms-provider';
export { createSmtpEmailProvider } from './smtp/smtp-email-provider';
export {
  signTelnyxWebhook,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  verifyTelnyxWebhook,
} from './telnyx/telnyx-signature';

export type {
  EmailProvider,
  OutboundEmail,
  OutboundSms,
  SendResult,
  SentLookup,
  SmsProvider,
} from './provider';
export type { ClassifiedFailure, ErrorClass } from './provider-error';
export type { TwilioConfig } from './twilio/twilio-sms-provider';
export type { SendGridConfig } from './sendgrid/sendgrid-email-provider';
export type { TwilioParams } from './twilio/twilio-signature';
export type { SendGridPublicKey } from './sendgrid/sendgrid-signature';
export type { AttachmentLink } from './attachment-links';
export type { TelnyxConfig } from './telnyx/telnyx-sms-provider';
export type { SmtpConfig, SmtpEmailProvider } from './smtp/smtp-email-provider';
