import { z } from 'zod';
import { DefaultPorts, port } from '@switchboard/config';
import { dispatcherEnv } from '@switchboard/dispatch';

export const emailDispatcherConfigSchema = dispatcherEnv.extend({
  EMAIL_DISPATCHER_PORT: port(DefaultPorts.emailDispatcher),
  SENDGRID_API_KEY: z.string().default('SG.sandbox-key'),
  /** SendGrid's API origin; provider-sandbox outside production when unset. */
  SENDGRID_BASE_URL: z.url().optional(),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});
export type EmailDispatcherConfig = z.output<typeof emailDispatcherConfigSchema>;
