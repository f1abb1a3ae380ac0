import { z } from 'zod';
import { publicUrlEnv } from '@switchboard/config';

/** The voice providers with call webhooks of their own at webhook-ingest. */
export type VoiceWebhookProvider = 'twilio' | 'telnyx';

/**
 * Where each voice provider's call webhooks live, under the public base URL: status callbacks
 * and the instructions of calls that depend on who answered.
 */
export const VoiceWebhookPaths = {
  twilio: {
    status: '/api/v1/webhooks/twilio/calls/status',
    instructions: '/api/v1/webhooks/twilio/calls/instructions',
  },
  telnyx: {
    status: '/api/v1/webhooks/telnyx/calls/status',
    instructions: '/api/v1/webhooks/telnyx/calls/instructions',
  },
} as const satisfies Record<VoiceWebhookProvider, { status: string; instructions: string }>;

/** The settings of the call webhooks a voice provider is given. */
export const voiceWebhooksEnv = publicUrlEnv.extend({
  /** Where providers reach webhook-ingest's call routes; PUBLIC_BASE_URL when unset. */
  VOICE_WEBHOOK_BASE_URL: z.url().optional(),
});
export type VoiceWebhooksEnv = z.output<typeof voiceWebhooksEnv>;

/**
 * The call status and instructions URLs of one provider.
 *
 * @example voiceWebhookUrls(config, 'twilio').statusCallbackUrl // 'https://sms.example.com/api/v1/webhooks/twilio/calls/status'
 */
export function voiceWebhookUrls(
  config: Readonly<VoiceWebhooksEnv>,
  provider: VoiceWebhookProvider,
): { statusCallbackUrl: string; instructionsUrl: string } {
  const base = (config.VOICE_WEBHOOK_BASE_URL ?? config.PUBLIC_BASE_URL).replace(/\/$/, '');
  return {
    statusCallbackUrl: `${base}${VoiceWebhookPaths[provider].status}`,
    instructionsUrl: `${base}${VoiceWebhookPaths[provider].instructions}`,
  };
}
