import { z } from 'zod';
import {
  DefaultPorts,
  authModeEnv,
  authProductionRules,
  baseEnv,
  clientWebhookEnv,
  clientWebhookProductionRule,
  eventRetryEnv,
  natsEnv,
  port,
  positiveInt,
  postgresEnv,
  refuseInProduction,
  SANDBOX_TWILIO_AUTH_TOKEN,
  webhookSecretsKeyRule,
} from '@switchboard/config';
import { mediaEnv, mediaRetentionEnv, mediaStorageProductionRules } from '@switchboard/media';
import { senderPolicyEnv, senderPolicyProductionRule } from '@switchboard/tenancy';

export const conversationServiceConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend(eventRetryEnv.shape)
  // Inbound MMS and email files are stored and scanned before their message is, and the media
  // records' retention runs here (docs/MEDIA.md).
  .extend(mediaEnv.shape)
  .extend(mediaRetentionEnv.shape)
  .extend({
    CONVERSATION_SERVICE_PORT: port(DefaultPorts.conversationService),
    /**
     * A streaming replica of the database (optional): listings and search read from it while its
     * replay lag stays within `REPLICA_MAX_LAG_MS` (checked every `REPLICA_CHECK_INTERVAL_MS`);
     * everything else, and every read while it lags or is unreachable, goes to the primary.
     */
    DATABASE_REPLICA_URL: z.string().optional(),
    REPLICA_MAX_LAG_MS: positiveInt(5_000),
    REPLICA_CHECK_INTERVAL_MS: positiveInt(1_000),
    /** How often the outbox relay looks for rows when nothing woke it. */
    OUTBOX_POLL_MS: positiveInt(200),
    OUTBOX_BATCH_SIZE: positiveInt(500),
    /**
     * Group commit: concurrent single sends stored in one transaction, at most this many
     * (1 stores each on its own); and how many such transactions run at once.
     */
    SEND_GROUP_MAX: positiveInt(64),
    SEND_GROUP_CONCURRENCY: positiveInt(4),
    /** Status and inbound events handled at once. */
    EVENT_CONCURRENCY: positiveInt(64),
    /**
     * Status events applied together: at most this many in one transaction (1 applies each on
     * its own); and how many such transactions run at once.
     */
    STATUS_GROUP_MAX: positiveInt(64),
    STATUS_GROUP_CONCURRENCY: positiveInt(2),
    /** An outbound message still queued/sending this long after its last change is re-driven. */
    STUCK_MESSAGE_AFTER_MS: positiveInt(60_000),
    STUCK_SWEEP_INTERVAL_MS: positiveInt(10_000),
    /** An email address that soft-bounces this many times within the window is suppressed. */
    SOFT_BOUNCE_LIMIT: positiveInt(3),
    SOFT_BOUNCE_WINDOW_MS: positiveInt(72 * 60 * 60 * 1000),
    /** Run migrations at start-up (the migration job does it in Kubernetes). */
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Decides who owns inbound messages to unclaimed addresses (docs/SECURITY.md). */
    ...authModeEnv.shape,
    ...senderPolicyEnv.shape,
    /** Where client webhook endpoints may point (checked when they are registered). */
    ...clientWebhookEnv.shape,
    /**
     * The Twilio account inbound MMS media are fetched as (basic auth, as Twilio requires for
     * protected media) — the sms-dispatcher's settings — and its API origin (provider-sandbox
     * outside production when unset). The credentials go to that origin only.
     */
    TWILIO_ACCOUNT_SID: z.string().default('ACtest00000000000000000000000000000'),
    TWILIO_AUTH_TOKEN: z.string().default(SANDBOX_TWILIO_AUTH_TOKEN),
    TWILIO_BASE_URL: z.url().optional(),
    /** The longest one inbound media fetch may take. */
    INBOUND_MEDIA_TIMEOUT_MS: positiveInt(30_000),
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [
      ...authProductionRules,
      senderPolicyProductionRule,
      clientWebhookProductionRule,
      webhookSecretsKeyRule,
      // Inbound files are written to the bucket: never to a default one nobody chose.
      ...mediaStorageProductionRules,
      {
        setting: 'TWILIO_AUTH_TOKEN',
        unsafe: (c) => c.TWILIO_AUTH_TOKEN === SANDBOX_TWILIO_AUTH_TOKEN,
        fix: "must be your Twilio account's auth token (inbound MMS media are fetched with it), not provider-sandbox's",
      },
    ]),
  );
export type ConversationServiceConfig = z.output<typeof conversationServiceConfigSchema>;
