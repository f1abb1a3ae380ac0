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
export { createTwilioClient } from './twilio/twilio-client';
export { createTwilioVoiceProvider } from './twilio/twilio-voice-provider';
export { createTelnyxVoiceProvider } from './telnyx/telnyx-voice-provider';
export {
  CALL_PROGRESS_EVENTS,
  callInstructions,
  isMachineAnswer,
  MAX_INLINE_TWIML_CHARS,
  voiceTwiml,
} from './voice/voice-twiml';
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
export type { OnHuman, OutboundCall, VoiceContent, VoiceProvider } from './voice-provider';
export type { CallInstructions } from './voice/voice-twiml';
export type { TwilioClient } from './twilio/twilio-client';
export type { TwilioVoiceSource } from './twilio/twilio-voice-provider';
export type { TelnyxVoiceConfig } from './telnyx/telnyx-voice-provider';
