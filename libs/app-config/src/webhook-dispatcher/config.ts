import { z } from 'zod';
import {
  DefaultPorts,
  baseEnv,
  clientWebhookEnv,
  clientWebhookProductionRule,
  natsEnv,
  port,
  positiveInt,
  postgresEnv,
  refuseInProduction,
  webhookSecretsKeyRule,
} from '@switchboard/config';
import { DEFAULT_RETRY_SCHEDULE_MS } from './retry-defaults';

/** Milliseconds, comma-separated: `5000,300000`. */
const schedule = z
  .string()
  .default(DEFAULT_RETRY_SCHEDULE_MS.join(','))
  .transform((value, ctx): readonly number[] => {
    const delays = value.split(',').map((v) => Number(v.trim()));
    if (delays.length === 0 || delays.some((d) => !Number.isInteger(d) || d < 0)) {
      ctx.addIssue({ code: 'custom', message: 'must be whole milliseconds, comma-separated' });
      return z.NEVER;
    }
    return delays;
  });

export const webhookDispatcherConfigSchema = baseEnv
  .extend(postgresEnv.shape)
  .extend(natsEnv.shape)
  .extend({
    WEBHOOK_DISPATCHER_PORT: port(DefaultPorts.webhookDispatcher),
    ...clientWebhookEnv.shape,
    /** How long one delivery attempt may take before it counts as failed. */
    WEBHOOK_TIMEOUT_MS: positiveInt(5_000),
    /** Delays before the 2nd, 3rd, … attempts; after the last, the delivery has failed. */
    WEBHOOK_RETRY_SCHEDULE_MS: schedule,
    /** Attempts in flight to one endpoint at once (across replicas). */
    WEBHOOK_ENDPOINT_CONCURRENCY: positiveInt(4),
    /** Attempts in flight in this process. */
    WEBHOOK_CONCURRENCY: positiveInt(64),
    /**
     * A later event of a conversation waits for an earlier one to one endpoint until the
     * earlier one has been tried this many times; then it goes on its own.
     */
    WEBHOOK_ORDER_WAIT_ATTEMPTS: positiveInt(3),
    /** How often due deliveries are looked for when nothing woke the scheduler. */
    WEBHOOK_POLL_MS: positiveInt(500),
    /** Client events fanned out to endpoints at once. */
    WEBHOOK_FANOUT_CONCURRENCY: positiveInt(32),
    /**
     * An endpoint every attempt to which has failed for this long is disabled (with a
     * `webhook_endpoint.disabled` event); five days unless set, e.g. shortened in tests.
     */
    WEBHOOK_DISABLE_AFTER_MS: positiveInt(5 * 24 * 60 * 60 * 1000),
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [clientWebhookProductionRule, webhookSecretsKeyRule]),
  );
export type WebhookDispatcherConfig = z.output<typeof webhookDispatcherConfigSchema>;
