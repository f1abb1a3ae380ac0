import { z } from 'zod';
import {
  DefaultPorts,
  SANDBOX_SENDGRID_WEBHOOK_KEYS,
  SANDBOX_TELNYX_WEBHOOK_KEYS,
  SANDBOX_WEBHOOK_SECRET,
  baseEnv,
  bool,
  port,
  positiveInt,
  publicUrlEnv,
} from '@switchboard/config';

/** Where the providers post, relative to PUBLIC_BASE_URL, unless a setting names another URL. */
export const WebhookPaths = {
  twilio: '/api/v1/webhooks/twilio',
  /** Beneath the Twilio messaging webhook (or `SANDBOX_TWILIO_INBOUND_URL`). */
  twilioVoice: '/voice',
  /** Beneath the voice webhook. */
  /** Beneath the voice webhook: the status of calls to our numbers (`/status` is outbound calls'). */
  twilioVoiceStatus: '/inbound-status',
  sendGridEvents: '/api/v1/webhooks/sendgrid',
  sendGridInboundParse: '/api/v1/webhooks/sendgrid/inbound',
} as const;

/** The port real mail submission tools expect of a local test server. */
const DEFAULT_SMTP_PORT = 2525;
/** How long a `timeout` fault holds a request before hanging up. */
const DEFAULT_FAULT_TIMEOUT_MS = 30_000;

/** `url` with `suffix` appended to its path (its query, if any, kept). */
function beneath(url: string, suffix: string): string {
  const target = new URL(url);
  let path = target.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  target.pathname = `${path}${suffix}`;
  return target.toString();
}

/**
 * Settings of the provider sandbox. Credentials are the ones clients must present; every
 * default lets `npm start` run with no environment at all.
 */
export const sandboxConfigSchema = baseEnv
  .extend(publicUrlEnv.shape)
  .extend({
    SANDBOX_PORT: port(DefaultPorts.providerSandbox),
    SANDBOX_TWILIO_ACCOUNT_SID: z
      .string()
      .startsWith('AC')
      .default('ACtest00000000000000000000000000000'),
    SANDBOX_TWILIO_AUTH_TOKEN: z.string().min(1).default('sandbox-twilio-token'),
    SANDBOX_SENDGRID_API_KEY: z.string().min(1).default('SG.sandbox-key'),
    SANDBOX_TELNYX_API_KEY: z.string().min(1).default('KEYsandbox'),
    /** Accepted messages kept for inspection; the oldest are dropped beyond this. */
    SANDBOX_MAX_MESSAGES: positiveInt(100_000),

    /** Send status callbacks and event webhooks after accepting a message. */
    SANDBOX_CALLBACKS: bool(true),
    /** Pause before each callback step (accepted → sent → delivered). */
    SANDBOX_CALLBACK_DELAY_MS: z.coerce.number().int().min(0).default(50),
    /** Attempts per callback before giving up; non-2xx answers and connection errors retry. */
    SANDBOX_CALLBACK_ATTEMPTS: positiveInt(4),
    /** First retry pause; it doubles on every further attempt. */
    SANDBOX_CALLBACK_RETRY_MS: positiveInt(200),
    /** Bound on one callback request. */
    SANDBOX_CALLBACK_TIMEOUT_MS: positiveInt(5_000),
    /**
     * Status callbacks and event webhooks in flight at once; the rest wait their turn, their time
     * bound not yet started. Bounds the sandbox's sockets (and memory) when our webhooks answer
     * slower than messages arrive.
     */
    SANDBOX_CALLBACK_CONCURRENCY: positiveInt(256),

    SANDBOX_SENDGRID_EVENT_WEBHOOK_URL: z.url().optional(),
    /** Base64 DER PKCS#8 ECDSA P-256 key the Event Webhook is signed with. */
    SANDBOX_SENDGRID_WEBHOOK_PRIVATE_KEY: z
      .string()
      .min(1)
      .default(SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey),
    SANDBOX_TWILIO_INBOUND_URL: z.url().optional(),
    SANDBOX_INBOUND_PARSE_URL: z.url().optional(),
    /** The password of Inbound Parse's basic auth (user `sendgrid`). */
    SANDBOX_INBOUND_PARSE_SECRET: z.string().min(1).default(SANDBOX_WEBHOOK_SECRET),

    SANDBOX_FAULT_TIMEOUT_MS: positiveInt(DEFAULT_FAULT_TIMEOUT_MS),

    /** Our voice webhook, where an inbound call's first request goes. */
    SANDBOX_TWILIO_VOICE_URL: z.url().optional(),
    /** Where an inbound call's status callbacks go (a number's "call status changes" URL). */
    SANDBOX_TWILIO_VOICE_STATUS_URL: z.url().optional(),
    /** Base64 PKCS#8 Ed25519 key TeXML callbacks and instruction requests are signed with. */
    SANDBOX_TELNYX_WEBHOOK_PRIVATE_KEY: z
      .string()
      .min(1)
      .default(SANDBOX_TELNYX_WEBHOOK_KEYS.privateKey),
    /** Real time between a call's progress steps (initiated → ringing → answered → completed). */
    SANDBOX_CALL_STEP_MS: z.coerce.number().int().min(0).max(60_000).default(20),
    /** Real milliseconds one second of call time takes (speech, pauses, greetings); 0: none. */
    SANDBOX_CALL_TIME_SCALE_MS: z.coerce.number().int().min(0).max(1_000).default(0),
    /** Calls kept for inspection; the oldest are dropped beyond this. */
    SANDBOX_MAX_CALLS: positiveInt(10_000),
    /** How others reach the sandbox (recording URLs name it); its listening address by default. */
    SANDBOX_PUBLIC_URL: z.url().optional(),

    /** The SMTP receiver; 0 picks a free port. */
    SANDBOX_SMTP_PORT: port(DEFAULT_SMTP_PORT),
    SANDBOX_SMTP_USER: z.string().min(1).default('sandbox'),
    SANDBOX_SMTP_PASSWORD: z.string().min(1).default('sandbox-smtp'),
  })
  .transform((config) => {
    // eslint-disable-next-line regexp/no-super-linear-move -- the operator's setting, read once at start
    const base = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    const twilioInbound = config.SANDBOX_TWILIO_INBOUND_URL ?? `${base}${WebhookPaths.twilio}`;
    const twilioVoice =
      config.SANDBOX_TWILIO_VOICE_URL ?? beneath(twilioInbound, WebhookPaths.twilioVoice);
    return {
      ...config,
      SANDBOX_TWILIO_VOICE_URL: twilioVoice,
      SANDBOX_TWILIO_VOICE_STATUS_URL:
        config.SANDBOX_TWILIO_VOICE_STATUS_URL ??
        beneath(twilioVoice, WebhookPaths.twilioVoiceStatus),
      SANDBOX_SENDGRID_EVENT_WEBHOOK_URL:
        config.SANDBOX_SENDGRID_EVENT_WEBHOOK_URL ?? `${base}${WebhookPaths.sendGridEvents}`,
      SANDBOX_TWILIO_INBOUND_URL: twilioInbound,
      SANDBOX_INBOUND_PARSE_URL:
        config.SANDBOX_INBOUND_PARSE_URL ?? `${base}${WebhookPaths.sendGridInboundParse}`,
    };
  });

export type SandboxConfig = Readonly<z.output<typeof sandboxConfigSchema>>;
