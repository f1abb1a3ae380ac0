import { z } from 'zod';

/** A tenant id: short, lower-case, safe in URLs, logs and JWT claims. */
export const TenantId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    message: 'must be 1–63 lower-case letters, digits, `-` or `_`, starting with a letter or digit',
  })
  .describe('A tenant id');
export type TenantId = z.infer<typeof TenantId>;

/** The built-in tenant that owns everything sent without credentials in development. */
export const DEVELOPMENT_TENANT = 'development';

export const RateLimit = z.object({
  requests: z.number().int().positive(),
  period_s: z.number().int().positive(),
});
export type RateLimit = z.infer<typeof RateLimit>;

/**
 * Who may issue JWTs for a tenant: the `iss` bound to it (unique across tenants) and, optionally,
 * the JWKS its tokens are verified against (else the deployment's keys).
 */
export const TenantTokenIssuer = z.object({
  issuer: z.string().nullable(),
  jwks_url: z.string().nullable(),
});
export type TenantTokenIssuer = z.infer<typeof TenantTokenIssuer>;

/** Who a request acts as, once authenticated; what per-tenant policies (rate limits) key on. */
export const TenantPrincipal = z.object({
  tenant_id: TenantId,
  /** The API key that authenticated the request; null for a JWT or an anonymous development request. */
  key_id: z.string().nullable(),
  /** The tenant's own rate limit, or null for the gateway's default. */
  rate_limit: RateLimit.nullable(),
  /** The tenant's token issuer, when the principal was looked up by tenant (to verify a JWT). */
  token_issuer: TenantTokenIssuer.optional(),
});
export type TenantPrincipal = z.infer<typeof TenantPrincipal>;

/** `rpc.conversation.authenticate-api-key`: the key's public prefix and its keyed hash. */
export const AuthenticateApiKeyRpc = z.object({
  prefix: z.string().min(1).max(64),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuthenticateApiKeyRpc = z.infer<typeof AuthenticateApiKeyRpc>;

/** `rpc.conversation.get-tenant`: a tenant named by a verified JWT, or the development tenant. */
export const GetTenantRpc = z.object({ tenant_id: TenantId });
export type GetTenantRpc = z.infer<typeof GetTenantRpc>;
