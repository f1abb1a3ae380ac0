/**
 * webhook-ingest's settings: the schema its composition root parses, which the deployment
 * checks read too.
 *
 * @example const config = loadConfig(webhookIngestConfigSchema, process.env);
 */
export { webhookIngestConfigSchema } from './config';

export type { WebhookIngestConfig } from './config';
