/**
 * email-dispatcher's settings: the schema its composition root parses, which the deployment
 * checks read too.
 *
 * @example const config = loadConfig(emailDispatcherConfigSchema, process.env);
 */
export { emailDispatcherConfigSchema } from './config';

export type { EmailDispatcherConfig } from './config';
