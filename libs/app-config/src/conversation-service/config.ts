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
} from '@switchboard/config';
import { senderPolicyEnv, senderPolicyProductionRule } from '@switchboard/tenancy';

export const conversationServiceConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend(eventRetryEnv.shape)
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
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [
      ...authProductionRules,
      senderPolicyProductionRule,
      clientWebhookProductionRule,
    ]),
  );
export type ConversationServiceConfig = z.output<typeof conversationServiceConfigSchema>;
