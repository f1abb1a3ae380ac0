import type { z } from 'zod';
import { DefaultPorts, port, refuseInProduction } from '@switchboard/config';
import { smsProvidersEnv } from '@switchboard/providers';
import { senderPolicyEnv, senderPolicyProductionRule } from '@switchboard/tenancy';
import { dispatcherEnv } from '@switchboard/dispatch';
import { mediaDispatchEnv, mediaDispatchProductionRules } from '@switchboard/media';

export const smsDispatcherConfigSchema = dispatcherEnv
  // SMS_PROVIDERS, PROVIDER_TIMEOUT_MS and each provider's settings (TWILIO_*, TELNYX_*, …).
  .extend(smsProvidersEnv.shape)
  // Storage, clamd and signed URLs: attachments are stored and scanned before any provider sees them.
  .extend(mediaDispatchEnv.shape)
  .extend({
    SMS_DISPATCHER_PORT: port(DefaultPorts.smsDispatcher),
    ...senderPolicyEnv.shape,
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [senderPolicyProductionRule, ...mediaDispatchProductionRules]),
  );
export type SmsDispatcherConfig = z.output<typeof smsDispatcherConfigSchema>;
