export { ConfigError, loadConfig } from './load-config';
export {
  baseEnv,
  bool,
  csv,
  databaseUrl,
  DefaultPorts,
  eventRetryEnv,
  natsClientSettings,
  natsEnv,
  port,
  positiveInt,
  postgresEnv,
  providerBaseUrl,
  publicUrlEnv,
  redisEnv,
  SANDBOX_SENDGRID_WEBHOOK_KEYS,
  SANDBOX_TELNYX_WEBHOOK_KEYS,
  SANDBOX_WEBHOOK_SECRET,
} from './env.schema';
export {
  authModeEnv,
  authModeOf,
  authProductionRules,
  refuseInProduction,
  SANDBOX_TWILIO_AUTH_TOKEN,
  secretKeyEnv,
  secretKeyProductionRules,
  sharedSecretRule,
} from './security.schema';
export { tracingEnv, tracingRequested } from './tracing.schema';
export {
  clientWebhookEnv,
  clientWebhookProductionRule,
  DEVELOPMENT_WEBHOOK_SECRETS_KEY,
  endpointPolicyOf,
  webhookSecretsKeyRule,
} from './client-webhooks.schema';
export { createSecretBox } from './secret-box';
export type { SecretBox } from './secret-box';

export type { Env } from './load-config';
export type { EventRetryEnv, NatsClientSettings, NatsEnv, PostgresEnv } from './env.schema';
export type { AuthMode, ProductionRule } from './security.schema';
export type { TracingEnv } from './tracing.schema';
