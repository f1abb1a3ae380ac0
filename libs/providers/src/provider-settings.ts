import { z } from 'zod';
import type { baseEnv } from '@switchboard/config';

/** The setting every provider shares. */
export const providerEnv = z.object({
  /** The longest one provider call may take: connecting, sending, the answer. */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

/** What a provider is built from besides its own settings: the shared ones and the environment. */
export type ProviderSettings = z.output<typeof providerEnv> &
  Pick<z.output<typeof baseEnv>, 'ENVIRONMENT'>;
