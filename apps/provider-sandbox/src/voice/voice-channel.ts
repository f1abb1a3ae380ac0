import type { Router } from 'express';
import type { SandboxConfig } from '@switchboard/app-config/provider-sandbox';
import type { FaultInjector } from '../fault-injector';
import type { WebhookSender } from '../webhook-sender';
import { AnswerSettings } from './answer-settings';
import { telnyxCallDialect, twilioCallDialect } from './call-dialects';
import { createCallRuntime } from './call-runtime';
import { CallStore } from './call-store';
import { createInboundCalls, type InboundCalls } from './inbound-calls';
import { createInstructionFetcher } from './instruction-fetcher';
import { createOutboundCalls } from './outbound-calls';
import { telnyxCallRoutes } from './telnyx-call-routes';
import { twilioCallRoutes } from './twilio-call-routes';
import { voiceRoutes } from './voice-routes';

export interface VoiceChannel {
  /** The Calls APIs of Twilio and Telnyx (TeXML), and `/sandbox/voice`, `/sandbox/calls`. */
  readonly routes: readonly Router[];
  /** Inbound calls, for `POST /sandbox/inbound` with `channel: voice`. */
  readonly inbound: InboundCalls;
  /** Aborts instruction fetches in flight; call it together with the sender's stop. */
  stop(): void;
}

/**
 * The sandbox's voice side, put together: one call store and answer table, the outbound calls
 * both providers' APIs place, and inbound calls to our voice webhook.
 *
 * @example const voice = createVoiceChannel({ config, sender, faults, origin: () => url });
 */
export function createVoiceChannel(deps: {
  config: SandboxConfig;
  sender: WebhookSender;
  faults: FaultInjector;
  /** Where others reach the sandbox, for recording URLs; known once it listens. */
  origin: () => string;
}): VoiceChannel {
  const { config, sender, faults, origin } = deps;
  const calls = new CallStore(config.SANDBOX_MAX_CALLS);
  const answers = new AnswerSettings();
  const fetcher = createInstructionFetcher({ timeoutMs: config.SANDBOX_CALLBACK_TIMEOUT_MS });
  const runtime = createCallRuntime({
    store: calls,
    sender,
    fetcher,
    answers,
    timeScaleMs: config.SANDBOX_CALL_TIME_SCALE_MS,
  });
  const outbound = createOutboundCalls({
    runtime,
    sender,
    answers,
    callbacks: config.SANDBOX_CALLBACKS,
    stepMs: config.SANDBOX_CALL_STEP_MS,
  });
  const twilio = twilioCallDialect({ authToken: config.SANDBOX_TWILIO_AUTH_TOKEN, origin });
  const telnyx = telnyxCallDialect({
    privateKey: config.SANDBOX_TELNYX_WEBHOOK_PRIVATE_KEY,
    origin,
  });

  return {
    routes: [
      twilioCallRoutes({
        accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
        authToken: config.SANDBOX_TWILIO_AUTH_TOKEN,
        calls,
        runtime,
        outbound,
        dialect: twilio,
        faults,
      }),
      telnyxCallRoutes({
        apiKey: config.SANDBOX_TELNYX_API_KEY,
        calls,
        runtime,
        outbound,
        dialect: telnyx,
        faults,
      }),
      voiceRoutes({ calls, answers }),
    ],
    inbound: createInboundCalls({
      runtime,
      dialect: twilio,
      accountSid: config.SANDBOX_TWILIO_ACCOUNT_SID,
      voiceUrl: config.SANDBOX_TWILIO_VOICE_URL,
      statusUrl: config.SANDBOX_TWILIO_VOICE_STATUS_URL,
    }),
    stop: () => fetcher.stop(),
  };
}
