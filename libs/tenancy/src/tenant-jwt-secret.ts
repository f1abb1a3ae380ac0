import { createHmac } from 'node:crypto';

/**
 * The HS256 key of one tenant's JWTs: derived from the deployment's JWT_SECRET and the tenant id,
 * so a tenant given its key can sign tokens for itself and for no other tenant, and nothing
 * secret is stored per tenant. Base64url, 43 characters (256 bits).
 *
 * @example const key = tenantJwtSecret(config.JWT_SECRET, 'acme'); // hand to acme's token issuer
 */
export function tenantJwtSecret(deploymentSecret: string, tenantId: string): string {
  return createHmac('sha256', deploymentSecret)
    .update(`switchboard tenant jwt\u0000${tenantId}`, 'utf8')
    .digest('base64url');
}
