import { z } from 'zod';
import { DefaultPorts, bool, port, publicUrlEnv } from '@switchboard/config';
import { dispatcherEnv } from '@switchboard/dispatch';

export const smsDispatcherConfigSchema = dispatcherEnv.extend(publicUrlEnv.shape).extend({
  SMS_DISPATCHER_PORT: port(DefaultPorts.smsDispatcher),
  TWILIO_ACCOUNT_SID: z.string().default('ACtest00000000000000000000000000000'),
  TWILIO_AUTH_TOKEN: z.string().default('sandbox-twilio-token'),
  /** Twilio's API origin; provider-sandbox outside production when unset. */
  TWILIO_BASE_URL: z.url().optional(),
  /** Ask Twilio for delivery status callbacks. */
  STATUS_CALLBACKS: bool(true),
  /** Where Twilio posts them; `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio` when unset. */
  TWILIO_STATUS_CALLBACK_URL: z.url().optional(),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});
export type SmsDispatcherConfig = z.output<typeof smsDispatcherConfigSchema>;
