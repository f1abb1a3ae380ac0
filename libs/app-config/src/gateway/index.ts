/**
 * The gateway's settings: the schema its composition root parses, which the deployment checks
 * read too, and the per-tenant rate limit budgets its `RATE_LIMIT_OVERRIDES` setting holds.
 *
 * @example const config = loadConfig(gatewayConfigSchema, process.env);
 */
export { gatewayConfigSchema } from './config';
export { overrideFor } from './rate-limit-overrides';

export type { GatewayConfig } from './config';
export type { RateLimitBudget, RateLimitOverrides } from './rate-limit-overrides';
