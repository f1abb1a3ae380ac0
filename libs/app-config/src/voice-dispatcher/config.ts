import type { z } from 'zod';
import { DefaultPorts, port, refuseInProduction } from '@switchboard/config';
import { voiceProvidersEnv } from '@switchboard/providers';
import { senderPolicyEnv, senderPolicyProductionRule } from '@switchboard/tenancy';
import { dispatcherEnv } from '@switchboard/dispatch';

export const voiceDispatcherConfigSchema = dispatcherEnv
  // VOICE_PROVIDERS, PROVIDER_TIMEOUT_MS, each provider's settings, VOICE_WEBHOOK_BASE_URL.
  .extend(voiceProvidersEnv.shape)
  .extend({
    VOICE_DISPATCHER_PORT: port(DefaultPorts.voiceDispatcher),
    ...senderPolicyEnv.shape,
  })
  .superRefine((config, ctx) => refuseInProduction(config, ctx, [senderPolicyProductionRule]));
export type VoiceDispatcherConfig = z.output<typeof voiceDispatcherConfigSchema>;
