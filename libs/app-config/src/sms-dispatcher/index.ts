/**
 * sms-dispatcher's settings: the schema its composition root parses, which the deployment
 * checks read too.
 *
 * @example const config = loadConfig(smsDispatcherConfigSchema, process.env);
 */
export { smsDispatcherConfigSchema } from './config';

export type { SmsDispatcherConfig } from './config';
