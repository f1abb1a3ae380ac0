/**
 * webhook-dispatcher's settings: the schema its composition root parses, which the deployment
 * checks read too.
 *
 * @example const config = loadConfig(webhookDispatcherConfigSchema, process.env);
 */
export { webhookDispatcherConfigSchema } from './config';
export { DEFAULT_RETRY_SCHEDULE_MS } from './retry-defaults';

export type { WebhookDispatcherConfig } from './config';
