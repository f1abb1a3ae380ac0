import { z } from 'zod';
import {
  DefaultPorts,
  SANDBOX_SENDGRID_WEBHOOK_KEYS,
  SANDBOX_WEBHOOK_SECRET,
  baseEnv,
  bool,
  natsEnv,
  port,
  positiveInt,
  postgresEnv,
  publicUrlEnv,
} from '@switchboard/config';

export const webhookIngestConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend(publicUrlEnv.shape)
  .extend({
    WEBHOOK_INGEST_PORT: port(DefaultPorts.webhookIngest),
    /** Twilio's auth token, which signs its webhooks. */
    TWILIO_AUTH_TOKEN: z.string().default('sandbox-twilio-token'),
    /** SendGrid's Event Webhook verification key (base64 DER ECDSA P-256). */
    SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().default(SANDBOX_SENDGRID_WEBHOOK_KEYS.publicKey),
    /** Event batches signed longer ago than this are refused as replays. */
    SENDGRID_WEBHOOK_MAX_AGE_S: positiveInt(600),
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
  });
export type WebhookIngestConfig = z.output<typeof webhookIngestConfigSchema>;
