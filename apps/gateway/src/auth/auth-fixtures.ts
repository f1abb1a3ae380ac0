// What the authentication specs share: keys, a fake principal source, tokens, outcomes.
import type { Request } from 'express';
import { SignJWT } from 'jose';
import { AppError, ErrorCodes, type TenantPrincipal } from '@switchboard/contracts';
import { hashApiKey } from '@switchboard/tenancy';
import type { PrincipalSource } from './authenticator';

export const SECRET_KEY = 'gateway-auth-spec-secret-key-0123456789';
export const JWT_SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters';

export const requestWith = (headers: Record<string, string | string[]>) =>
  ({
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  }) as Request;

export const principal = (tenant: string, keyId: string | null = null): TenantPrincipal => ({
  tenant_id: tenant,
  key_id: keyId,
  rate_limit: null,
});

/** conversation-service as the gateway sees it: one key for acme, two tenants. */
export function fakeSource(validKey: string) {
  const calls = { byApiKey: 0, byTenant: 0 };
  const source: PrincipalSource = {
    async byApiKey(prefix, hash) {
      calls.byApiKey += 1;
      if (hash === hashApiKey(SECRET_KEY, validKey) && validKey.includes(prefix)) {
        return { ...principal('acme', 'key-1'), rate_limit: { requests: 7, period_s: 60 } };
      }
      throw new AppError(ErrorCodes.unauthorized, 'The API key is not valid');
    },
    async byTenant(tenantId) {
      calls.byTenant += 1;
      if (['acme', 'globex', 'development'].includes(tenantId)) return principal(tenantId);
      throw AppError.notFound('Tenant');
    },
  };
  return { source, calls };
}

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

export const hs256 = (
  claims: Record<string, unknown>,
  options: { exp?: string | number; secret?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));

/** Every well-formed tenant exists, with no issuer bound (as outside production before binding). */
export const anyTenant = async (tenantId: string) => principal(tenantId);
export const tenantOf = async (verified: Promise<TenantPrincipal>) => (await verified).tenant_id;
