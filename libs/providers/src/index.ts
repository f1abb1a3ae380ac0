// Channels: each channel's senders as the dispatcher drives them, built from the configured names.
export { smsChannelSender } from './channels/sms-channel';
export { emailChannelSender } from './channels/email-channel';
export { smsChannelSenders, smsProvidersEnv } from './channels/sms-providers';
export { emailChannelSenders, emailProvidersEnv } from './channels/email-providers';
export { callContent, voiceChannelSender } from './channels/voice-channel';
export { voiceChannelSenders, voiceProvidersEnv } from './channels/voice-providers';
export { VoiceWebhookPaths, voiceWebhookUrls } from './voice/voice-webhooks';
export { smtpRequiresTls } from './smtp/smtp-settings';
export { twilioStatusCallbackUrl } from './twilio/twilio-settings';

// Vendors: SDK clients, the providers over them, and their failures.
export { ProviderError } from './provider-error';
export { createTwilioClient } from './twilio/twilio-client';
export { createTwilioSmsProvider } from './twilio/twilio-sms-provider';
export { createTelnyxClient } from './telnyx/telnyx-client';
export { createTelnyxSmsProvider } from './telnyx/telnyx-sms-provider';
export { createSendGridClient } from './sendgrid/sendgrid-client';
export {
  createSendGridEmailProvider,
  SENDGRID_MESSAGE_ID_ARG,
} from './sendgrid/sendgrid-email-provider';
export { createSmtpTransport } from './smtp/smtp-transport';
export { createSmtpEmailProvider } from './smtp/smtp-email-provider';

// Webhooks: signatures and the attempt a callback is about.
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
  DEFAULT_VOICE_GREETING,
  forwardCallTwiml,
  UNCLAIMED_NUMBER_MESSAGE,
  unclaimedNumberTwiml,
  VOICEMAIL_MAX_SECONDS,
  voicemailTakenTwiml,
  voicemailTwiml,
} from './voice/inbound-call-twiml';
export {
  signTelnyxWebhook,
  TELNYX_SIGNATURE_HEADER,
  TELNYX_TIMESTAMP_HEADER,
  verifyTelnyxWebhook,
} from './telnyx/telnyx-signature';

export type { SmsChannelOptions } from './channels/sms-channel';
export type { SmsProvidersConfig } from './channels/sms-providers';
export type { EmailProvidersConfig } from './channels/email-providers';
export type { VoiceChannelOptions } from './channels/voice-channel';
export type { VoiceProvidersConfig } from './channels/voice-providers';
export type { VoiceWebhookProvider } from './voice/voice-webhooks';
export { listUnsubscribeHeaders } from './provider';
export type {
  EmailProvider,
  ListUnsubscribe,
  UnsubscribeLinksFor,
  OutboundEmail,
  OutboundSms,
  SentLookup,
  SmsProvider,
} from './provider';
export type { ErrorClass } from './provider-error';
export type { TwilioClient, TwilioConfig } from './twilio/twilio-client';
export type { TelnyxConfig } from './telnyx/telnyx-client';
export type { SendGridConfig } from './sendgrid/sendgrid-client';
export type { SmtpConfig, SmtpTransport } from './smtp/smtp-transport';
export type { SmtpEmailProvider } from './smtp/smtp-email-provider';
export type { TwilioParams } from './twilio/twilio-signature';
export type { SendGridPublicKey } from './sendgrid/sendgrid-signature';
export type { AttachmentLink } from './attachment-links';
export type { OnHuman, OutboundCall, VoiceContent, VoiceProvider } from './voice-provider';
export type { CallInstructions } from './voice/voice-twiml';
export type { VoicemailCallbacks } from './voice/inbound-call-twiml';
export type { TelnyxVoiceOptions } from './telnyx/telnyx-voice-provider';
