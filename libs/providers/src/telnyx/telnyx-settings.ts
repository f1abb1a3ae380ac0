import type Telnyx from 'telnyx';
import { z } from 'zod';
import { providerBaseUrl } from '@switchboard/config';
import type { ProviderSettings } from '../provider-settings';
import { createTelnyxClient } from './telnyx-client';

/** Telnyx's settings; outside production the defaults reach provider-sandbox. */
export const telnyxEnv = z.object({
  TELNYX_API_KEY: z.string().default('KEYsandbox'),
  /** Telnyx's API origin; provider-sandbox outside production when unset. */
  TELNYX_BASE_URL: z.url().optional(),
});
export type TelnyxEnv = z.output<typeof telnyxEnv>;

/** The Telnyx client these settings describe. */
export function telnyxClientFrom(settings: Readonly<TelnyxEnv & ProviderSettings>): Telnyx {
  const baseUrl = providerBaseUrl(settings.TELNYX_BASE_URL, settings.ENVIRONMENT);
  return createTelnyxClient({
    apiKey: settings.TELNYX_API_KEY,
    timeoutMs: settings.PROVIDER_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}),
  });
}
