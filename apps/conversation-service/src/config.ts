import { z } from 'zod';
import {
  DefaultPorts,
  baseEnv,
  natsEnv,
  port,
  positiveInt,
  postgresEnv,
} from '@switchboard/config';

export const conversationServiceConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend({
    CONVERSATION_SERVICE_PORT: port(DefaultPorts.conversationService),
    /** How often the outbox relay looks for rows when nothing woke it. */
    OUTBOX_POLL_MS: positiveInt(200),
    OUTBOX_BATCH_SIZE: positiveInt(500),
    /** Status and inbound events handled at once. */
    EVENT_CONCURRENCY: positiveInt(32),
    /** Run migrations at start-up (the migration job does it in Kubernetes). */
    MIGRATE_ON_START: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  });
export type ConversationServiceConfig = z.output<typeof conversationServiceConfigSchema>;
