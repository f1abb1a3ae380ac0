import type { z } from 'zod';
import { DefaultPorts, baseEnv, natsEnv, port, postgresEnv } from '@switchboard/config';

export const webhookIngestConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend({
    WEBHOOK_INGEST_PORT: port(DefaultPorts.webhookIngest),
  });
export type WebhookIngestConfig = z.output<typeof webhookIngestConfigSchema>;
