import { z } from 'zod';
import {
  DefaultPorts,
  SANDBOX_SENDGRID_WEBHOOK_KEYS,
  SANDBOX_TELNYX_WEBHOOK_KEYS,
  SANDBOX_TWILIO_AUTH_TOKEN,
  SANDBOX_WEBHOOK_SECRET,
  baseEnv,
  bool,
  natsEnv,
  port,
  positiveInt,
  postgresEnv,
  publicUrlEnv,
  redisEnv,
  refuseInProduction,
  sharedSecretRule,
} from '@switchboard/config';
import { mediaEnv, mediaStorageProductionRules } from '@switchboard/media';
import { unsubscribeEnv, unsubscribeProductionRules } from '@switchboard/tenancy';

export const webhookIngestConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend(publicUrlEnv.shape)
  .extend(redisEnv.shape)
  // Verifies the one-click unsubscribe links email-dispatcher signs (the same secret).
  .extend(unsubscribeEnv.shape)
  // Inbound Parse attachments are streamed into storage and scanned as the post is read.
  .extend(mediaEnv.shape)
  .extend({
    WEBHOOK_INGEST_PORT: port(DefaultPorts.webhookIngest),
    /** Twilio's auth token, which signs its webhooks. */
    TWILIO_AUTH_TOKEN: z.string().default(SANDBOX_TWILIO_AUTH_TOKEN),
    /** SendGrid's Event Webhook verification key (base64 DER ECDSA P-256). */
    SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().default(SANDBOX_SENDGRID_WEBHOOK_KEYS.publicKey),
    /** Event batches signed longer ago than this are refused as replays. */
    SENDGRID_WEBHOOK_MAX_AGE_S: positiveInt(600),
    /** Telnyx's webhook public key (base64 Ed25519), verifying TeXML call callbacks. */
    TELNYX_WEBHOOK_PUBLIC_KEY: z.string().default(SANDBOX_TELNYX_WEBHOOK_KEYS.publicKey),
    /** Password (basic auth) or `?token=` guarding SendGrid Inbound Parse, which has no signature. */
    INBOUND_PARSE_SECRET: z.string().default(SANDBOX_WEBHOOK_SECRET),
    /** Bearer token for the compatible `/api/webhooks/sms|email` routes. */
    COMPAT_WEBHOOK_SECRET: z.string().default(SANDBOX_WEBHOOK_SECRET),
    /** Checks signatures and secrets; only development may turn it off. */
    WEBHOOK_VERIFY: bool(true),
    /** Largest webhook body: Twilio and event batches are small; Inbound Parse carries attachments. */
    WEBHOOK_BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
    INBOUND_PARSE_BODY_LIMIT_BYTES: positiveInt(30 * 1024 * 1024),
    DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
    /**
     * Refused webhooks (bad or missing signature or secret) one source address may cause per
     * window; beyond it the source is answered 429, unread, until the window ends (Redis-backed).
     */
    WEBHOOK_REFUSAL_LIMIT: positiveInt(20),
    WEBHOOK_REFUSAL_WINDOW_S: positiveInt(60),
    /**
     * How long a replica answers from what it last learnt of a source's refusals before asking
     * Redis again: a refusal counted on another replica is seen at most this much later (the
     * replica that counts it turns the source away at once). `0` asks Redis at every request.
     */
    WEBHOOK_REFUSAL_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
    /** webhook_logs (and inbound_calls) rows older than this many days are deleted; 0 keeps them forever. */
    WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
    /** How often each replica sweeps, and how many rows one delete statement takes at most. */
    WEBHOOK_LOG_RETENTION_INTERVAL_MS: positiveInt(3_600_000),
    WEBHOOK_LOG_RETENTION_BATCH: positiveInt(1_000),
  })
  // Each default below is public (it is in this repository): in production it would let anyone
  // forge provider callbacks and inbound messages.
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [
      {
        setting: 'WEBHOOK_VERIFY',
        unsafe: (c) => !c.WEBHOOK_VERIFY,
        fix: 'must be true: unverified webhooks let anyone forge statuses and inbound messages',
      },
      {
        setting: 'TWILIO_AUTH_TOKEN',
        unsafe: (c) => c.TWILIO_AUTH_TOKEN === SANDBOX_TWILIO_AUTH_TOKEN,
        fix: "must be your Twilio account's auth token, not provider-sandbox's",
      },
      {
        setting: 'SENDGRID_WEBHOOK_PUBLIC_KEY',
        unsafe: (c) => c.SENDGRID_WEBHOOK_PUBLIC_KEY === SANDBOX_SENDGRID_WEBHOOK_KEYS.publicKey,
        fix: "must be the verification key from SendGrid's Event Webhook settings, not provider-sandbox's",
      },
      {
        setting: 'TELNYX_WEBHOOK_PUBLIC_KEY',
        unsafe: (c) => c.TELNYX_WEBHOOK_PUBLIC_KEY === SANDBOX_TELNYX_WEBHOOK_KEYS.publicKey,
        fix: "must be the public key from Telnyx's portal, not provider-sandbox's",
      },
      {
        setting: 'INBOUND_PARSE_SECRET',
        unsafe: (c) => c.INBOUND_PARSE_SECRET === SANDBOX_WEBHOOK_SECRET,
        fix: 'must be a random secret of your own (e.g. `openssl rand -hex 32`), not the sandbox value',
      },
      {
        setting: 'COMPAT_WEBHOOK_SECRET',
        unsafe: (c) => c.COMPAT_WEBHOOK_SECRET === SANDBOX_WEBHOOK_SECRET,
        fix: 'must be a random secret of your own (e.g. `openssl rand -hex 32`), not the sandbox value',
      },
      sharedSecretRule('INBOUND_PARSE_SECRET', SANDBOX_WEBHOOK_SECRET),
      sharedSecretRule('COMPAT_WEBHOOK_SECRET', SANDBOX_WEBHOOK_SECRET),
      ...unsubscribeProductionRules,
      // Inbound Parse files are written to the bucket: never to a default one nobody chose.
      ...mediaStorageProductionRules,
    ]),
  );
export type WebhookIngestConfig = z.output<typeof webhookIngestConfigSchema>;
