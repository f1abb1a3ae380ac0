import { z } from 'zod';
import {
  SANDBOX_TWILIO_AUTH_TOKEN,
  bool,
  providerBaseUrl,
  publicUrlEnv,
} from '@switchboard/config';
import type { ProviderSettings } from '../provider-settings';
import { createTwilioClient, type TwilioClient } from './twilio-client';

/** Twilio's settings; outside production the defaults reach provider-sandbox. */
export const twilioEnv = publicUrlEnv.extend({
  TWILIO_ACCOUNT_SID: z.string().default('ACtest00000000000000000000000000000'),
  TWILIO_AUTH_TOKEN: z.string().default(SANDBOX_TWILIO_AUTH_TOKEN),
  /** Twilio's API origin; provider-sandbox outside production when unset. */
  TWILIO_BASE_URL: z.url().optional(),
  /** Ask Twilio for delivery status callbacks. */
  STATUS_CALLBACKS: bool(true),
  /** Where Twilio posts them; `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio` when unset. */
  TWILIO_STATUS_CALLBACK_URL: z.url().optional(),
});
export type TwilioEnv = z.output<typeof twilioEnv>;

/**
 * Where Twilio is asked to post delivery statuses: TWILIO_STATUS_CALLBACK_URL, else the public
 * Twilio webhook under PUBLIC_BASE_URL; none when STATUS_CALLBACKS is off.
 *
 * @example twilioStatusCallbackUrl(config) // 'https://sms.example.com/api/v1/webhooks/twilio'
 */
export function twilioStatusCallbackUrl(
  config: Readonly<
    Pick<TwilioEnv, 'STATUS_CALLBACKS' | 'TWILIO_STATUS_CALLBACK_URL' | 'PUBLIC_BASE_URL'>
  >,
): string | undefined {
  if (!config.STATUS_CALLBACKS) return undefined;
  return (
    config.TWILIO_STATUS_CALLBACK_URL ??
    `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/webhooks/twilio`
  );
}

/** The Twilio client these settings describe. */
export function twilioClientFrom(settings: Readonly<TwilioEnv & ProviderSettings>): TwilioClient {
  const baseUrl = providerBaseUrl(settings.TWILIO_BASE_URL, settings.ENVIRONMENT);
  return createTwilioClient({
    accountSid: settings.TWILIO_ACCOUNT_SID,
    authToken: settings.TWILIO_AUTH_TOKEN,
    timeoutMs: settings.PROVIDER_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}),
  });
}
