import { z } from 'zod';
import { bool, type ENVIRONMENTS } from './env.schema';
import type { ProductionRule } from './security.schema';

type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Where client webhook endpoints may point. Loopback and private addresses only when
 * WEBHOOK_ENDPOINTS_ALLOW_PRIVATE is on (`npm start` and the test stacks turn it on, so an
 * endpoint can be a server on the developer's machine); never in production.
 */
export const clientWebhookEnv = z.object({ WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: bool(false) });

export const clientWebhookProductionRule: ProductionRule<{
  WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: boolean;
}> = {
  setting: 'WEBHOOK_ENDPOINTS_ALLOW_PRIVATE',
  unsafe: (c) => c.WEBHOOK_ENDPOINTS_ALLOW_PRIVATE,
  fix: 'must be off: client endpoints could reach the cluster network',
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
