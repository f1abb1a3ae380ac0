import type { z } from 'zod';
import type { ChannelSender } from '@switchboard/contracts';
import { providerEnv, type ProviderSettings } from '../provider-settings';
import { createSendGridEmailProvider } from '../sendgrid/sendgrid-email-provider';
import { sendGridClientFrom, sendGridEnv } from '../sendgrid/sendgrid-settings';
import { createSmtpEmailProvider } from '../smtp/smtp-email-provider';
import { smtpEnv, smtpTransportFrom } from '../smtp/smtp-settings';
import { emailChannelSender, type EmailChannelOptions } from './email-channel';
import { providerList, providerNames, type ProviderRegistry } from './provider-registry';

/** Every email provider's settings. */
const emailSettingsEnv = providerEnv.extend(sendGridEnv.shape).extend(smtpEnv.shape);
type EmailSettings = Readonly<z.output<typeof emailSettingsEnv> & ProviderSettings>;

/**
 * The email providers, by the name `EMAIL_PROVIDERS` lists them under. A new provider is its
 * folder (client, provider, settings) and a line here, with its settings added above.
 */
export const emailProviders = {
  sendgrid: (settings, options) =>
    emailChannelSender(createSendGridEmailProvider(sendGridClientFrom(settings)), options),
  smtp: (settings, options) =>
    emailChannelSender(createSmtpEmailProvider(smtpTransportFrom(settings)), options),
} satisfies ProviderRegistry<EmailSettings, EmailChannelOptions>;

export const EMAIL_PROVIDER_NAMES = providerNames(emailProviders);

/** The settings of the email channel: every provider's, and which to try in what order. */
export const emailProvidersEnv = emailSettingsEnv.extend({
  /** Providers in the order they are tried; the next one takes over when one fails. */
  EMAIL_PROVIDERS: providerList('sendgrid,smtp', EMAIL_PROVIDER_NAMES),
});
export type EmailProvidersConfig = Readonly<z.output<typeof emailProvidersEnv> & ProviderSettings>;

/**
 * The configured email providers as the dispatcher drives them, in the configured order.
 *
 * @example const providers = emailChannelSenders(config, { unsubscribeLinks });
 */
export function emailChannelSenders(
  config: EmailProvidersConfig,
  options: EmailChannelOptions = {},
): ChannelSender[] {
  return config.EMAIL_PROVIDERS.map((name) => emailProviders[name](config, options));
}
