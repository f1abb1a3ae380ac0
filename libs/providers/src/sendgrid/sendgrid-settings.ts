import type { MailService } from '@sendgrid/mail';
import { z } from 'zod';
import { providerBaseUrl } from '@switchboard/config';
import type { ProviderSettings } from '../provider-settings';
import { createSendGridClient } from './sendgrid-client';

/** SendGrid's settings; outside production the defaults reach provider-sandbox. */
export const sendGridEnv = z.object({
  SENDGRID_API_KEY: z.string().default('SG.sandbox-key'),
  /** SendGrid's API origin; provider-sandbox outside production when unset. */
  SENDGRID_BASE_URL: z.url().optional(),
});
export type SendGridEnv = z.output<typeof sendGridEnv>;

/** The SendGrid client these settings describe. */
export function sendGridClientFrom(
  settings: Readonly<SendGridEnv & ProviderSettings>,
): MailService {
  const baseUrl = providerBaseUrl(settings.SENDGRID_BASE_URL, settings.ENVIRONMENT);
  return createSendGridClient({
    apiKey: settings.SENDGRID_API_KEY,
    timeoutMs: settings.PROVIDER_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}),
  });
}
