import { z } from 'zod';
import { bool, type ENVIRONMENTS } from './env.schema';
import { isShortSecret, MIN_SECRET_BYTES, type ProductionRule } from './security.schema';

type Environment = (typeof ENVIRONMENTS)[number];

/** Development-only key sealing webhook endpoints' secrets: public, refused in production. */
export const DEVELOPMENT_WEBHOOK_SECRETS_KEY = 'switchboard-development-webhook-secrets-key';

/**
 * Where client webhook endpoints may point. Loopback and private addresses only when
 * WEBHOOK_ENDPOINTS_ALLOW_PRIVATE is on (`npm start` and the test stacks turn it on, so an
 * endpoint can be a server on the developer's machine); never in production.
 */
export const clientWebhookEnv = z.object({
  WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: bool(false),
  /**
   * Seals endpoints' signing secrets in the database (conversation-service seals, webhook-dispatcher
   * opens: both need the same value). The development value is public and refused in production.
   */
  WEBHOOK_SECRETS_KEY: z.string().min(16).default(DEVELOPMENT_WEBHOOK_SECRETS_KEY),
});

export const clientWebhookProductionRule: ProductionRule<{
  WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: boolean;
}> = {
  setting: 'WEBHOOK_ENDPOINTS_ALLOW_PRIVATE',
  unsafe: (c) => c.WEBHOOK_ENDPOINTS_ALLOW_PRIVATE,
  fix: 'must be off: client endpoints could reach the cluster network',
};

/** In production the key sealing endpoints' secrets is a random one of your own. */
export const webhookSecretsKeyRule: ProductionRule<{ WEBHOOK_SECRETS_KEY: string }> = {
  setting: 'WEBHOOK_SECRETS_KEY',
  unsafe: (c) =>
    c.WEBHOOK_SECRETS_KEY === DEVELOPMENT_WEBHOOK_SECRETS_KEY ||
    isShortSecret(c.WEBHOOK_SECRETS_KEY),
  fix: `must be a random secret of your own of at least ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -hex 32\`): the development value opens every stored secret`,
};

/** The endpoint policy a service's configuration asks for: https and public addresses in production. */
export function endpointPolicyOf(config: {
  ENVIRONMENT: Environment;
  WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: boolean;
}): { requireHttps: boolean; allowPrivate: boolean } {
  return {
    requireHttps: config.ENVIRONMENT === 'production',
    allowPrivate: config.WEBHOOK_ENDPOINTS_ALLOW_PRIVATE && config.ENVIRONMENT !== 'production',
  };
}
