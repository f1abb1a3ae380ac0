/**
 * provider-sandbox's settings: the schema its composition root parses, which the deployment
 * checks read too.
 *
 * @example const config = loadConfig(sandboxConfigSchema, process.env);
 */
export { sandboxConfigSchema } from './config';

export type { SandboxConfig } from './config';
