import { z } from 'zod';
import type { ChannelSender } from '@switchboard/contracts';
import { providerEnv, type ProviderSettings } from '../provider-settings';
import { telnyxClientFrom, telnyxEnv } from '../telnyx/telnyx-settings';
import { createTelnyxVoiceProvider } from '../telnyx/telnyx-voice-provider';
import { twilioClientFrom, twilioEnv } from '../twilio/twilio-settings';
import { createTwilioVoiceProvider } from '../twilio/twilio-voice-provider';
import { voiceWebhookUrls, voiceWebhooksEnv } from '../voice/voice-webhooks';
import { providerList, providerNames, type ProviderRegistry } from './provider-registry';
import { voiceChannelSender } from './voice-channel';

/** Every voice provider's settings. */
const voiceSettingsEnv = providerEnv
  .extend(twilioEnv.shape)
  .extend(telnyxEnv.shape)
  .extend(voiceWebhooksEnv.shape)
  .extend({
    /** The Telnyx account TeXML calls are addressed to; any works against provider-sandbox. */
    TELNYX_TEXML_ACCOUNT_SID: z.string().min(1).default('sandbox-texml-account'),
    /** The TeXML application (connection) calls are placed from, when the account needs one. */
    TELNYX_TEXML_APPLICATION_SID: z.string().min(1).optional(),
  });
type VoiceSettings = Readonly<z.output<typeof voiceSettingsEnv> & ProviderSettings>;

/**
 * The voice providers, by the name `VOICE_PROVIDERS` lists them under. Each is asked for call
 * status callbacks and given the instructions URL at its own webhook-ingest routes.
 */
export const voiceProviders = {
  twilio: (settings) =>
    voiceChannelSender(
      createTwilioVoiceProvider(twilioClientFrom(settings)),
      voiceWebhookUrls(settings, 'twilio'),
    ),
  telnyx: (settings) =>
    voiceChannelSender(
      createTelnyxVoiceProvider(telnyxClientFrom(settings), {
        accountSid: settings.TELNYX_TEXML_ACCOUNT_SID,
        ...(settings.TELNYX_TEXML_APPLICATION_SID
          ? { applicationSid: settings.TELNYX_TEXML_APPLICATION_SID }
          : {}),
      }),
      voiceWebhookUrls(settings, 'telnyx'),
    ),
} satisfies ProviderRegistry<VoiceSettings>;

export const VOICE_PROVIDER_NAMES = providerNames(voiceProviders);

/** The settings of the voice channel: every provider's, and which to try in what order. */
export const voiceProvidersEnv = voiceSettingsEnv.extend({
  /** Providers in the order they are tried; the next one takes over when one fails. */
  VOICE_PROVIDERS: providerList('twilio,telnyx', VOICE_PROVIDER_NAMES),
});
export type VoiceProvidersConfig = Readonly<z.output<typeof voiceProvidersEnv> & ProviderSettings>;

/**
 * The configured voice providers as the dispatcher drives them, in the configured order.
 *
 * @example const providers = voiceChannelSenders(config);
 */
export function voiceChannelSenders(config: VoiceProvidersConfig): ChannelSender[] {
  return config.VOICE_PROVIDERS.map((name) => voiceProviders[name](config));
}
