import type { z } from 'zod';
import type { ChannelSender } from '@switchboard/contracts';
import { providerEnv, type ProviderSettings } from '../provider-settings';
import { telnyxEnv, telnyxClientFrom } from '../telnyx/telnyx-settings';
import { createTelnyxSmsProvider } from '../telnyx/telnyx-sms-provider';
import { twilioClientFrom, twilioEnv, twilioStatusCallbackUrl } from '../twilio/twilio-settings';
import { createTwilioSmsProvider } from '../twilio/twilio-sms-provider';
import { providerList, providerNames, type ProviderRegistry } from './provider-registry';
import { smsChannelSender } from './sms-channel';

/** Every SMS provider's settings. */
const smsSettingsEnv = providerEnv.extend(twilioEnv.shape).extend(telnyxEnv.shape);
type SmsSettings = Readonly<z.output<typeof smsSettingsEnv> & ProviderSettings>;

/**
 * The SMS providers, by the name `SMS_PROVIDERS` lists them under. A new provider is its folder
 * (client, provider, settings) and a line here, with its settings added above.
 */
export const smsProviders = {
  // Only Twilio is asked for callbacks: the URL is webhook-ingest's Twilio route.
  twilio: (settings) =>
    smsChannelSender(createTwilioSmsProvider(twilioClientFrom(settings)), {
      statusCallbackUrl: twilioStatusCallbackUrl(settings),
    }),
  telnyx: (settings) => smsChannelSender(createTelnyxSmsProvider(telnyxClientFrom(settings))),
} satisfies ProviderRegistry<SmsSettings>;

export const SMS_PROVIDER_NAMES = providerNames(smsProviders);

/** The settings of the SMS channel: every provider's, and which to try in what order. */
export const smsProvidersEnv = smsSettingsEnv.extend({
  /** Providers in the order they are tried; the next one takes over when one fails. */
  SMS_PROVIDERS: providerList('twilio,telnyx', SMS_PROVIDER_NAMES),
});
export type SmsProvidersConfig = Readonly<z.output<typeof smsProvidersEnv> & ProviderSettings>;

/**
 * The configured SMS providers as the dispatcher drives them, in the configured order.
 *
 * @example const providers = smsChannelSenders(config);
 */
export function smsChannelSenders(config: SmsProvidersConfig): ChannelSender[] {
  return config.SMS_PROVIDERS.map((name) => smsProviders[name](config));
}
