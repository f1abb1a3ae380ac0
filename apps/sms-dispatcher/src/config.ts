import { z } from 'zod';
import {
  DefaultPorts,
  bool,
  csv,
  port,
  publicUrlEnv,
  refuseInProduction,
} from '@switchboard/config';
import { senderPolicyEnv, senderPolicyProductionRule } from '@switchboard/tenancy';
import { dispatcherEnv } from '@switchboard/dispatch';

export const SMS_PROVIDER_NAMES = ['twilio', 'telnyx'] as const;

export const smsDispatcherConfigSchema = dispatcherEnv
  .extend(publicUrlEnv.shape)
  .extend({
    SMS_DISPATCHER_PORT: port(DefaultPorts.smsDispatcher),
    /** Providers in the order they are tried; the next one takes over when one fails. */
    SMS_PROVIDERS: csv('twilio,telnyx').pipe(z.array(z.enum(SMS_PROVIDER_NAMES)).min(1)),
    TWILIO_ACCOUNT_SID: z.string().default('ACtest00000000000000000000000000000'),
    TWILIO_AUTH_TOKEN: z.string().default('sandbox-twilio-token'),
    /** Twilio's API origin; provider-sandbox outside production when unset. */
    TWILIO_BASE_URL: z.url().optional(),
    /** Ask Twilio for delivery status callbacks. */
    STATUS_CALLBACKS: bool(true),
    /** Where Twilio posts them; `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio` when unset. */
    TWILIO_STATUS_CALLBACK_URL: z.url().optional(),
    TELNYX_API_KEY: z.string().default('KEYsandbox'),
    /** Telnyx's API origin; provider-sandbox outside production when unset. */
    TELNYX_BASE_URL: z.url().optional(),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    ...senderPolicyEnv.shape,
  })
  .superRefine((config, ctx) => refuseInProduction(config, ctx, [senderPolicyProductionRule]));
export type SmsDispatcherConfig = z.output<typeof smsDispatcherConfigSchema>;

/**
 * Where Twilio is asked to post delivery statuses: TWILIO_STATUS_CALLBACK_URL, else the public
 * Twilio webhook under PUBLIC_BASE_URL; none when STATUS_CALLBACKS is off.
 *
 * @example twilioStatusCallbackUrl(config) // 'https://sms.example.com/api/v1/webhooks/twilio'
 */
export function twilioStatusCallbackUrl(
  config: Readonly<
    Pick<SmsDispatcherConfig, 'STATUS_CALLBACKS' | 'TWILIO_STATUS_CALLBACK_URL' | 'PUBLIC_BASE_URL'>
  >,
): string | undefined {
  if (!config.STATUS_CALLBACKS) return undefined;
  return (
    config.TWILIO_STATUS_CALLBACK_URL ??
    `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/webhooks/twilio`
  );
}
