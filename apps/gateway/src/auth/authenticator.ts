import type { Request } from 'express';
import type { AuthMode } from '@switchboard/config';
import {
  AppError,
  DEVELOPMENT_TENANT,
  ErrorCodes,
  type TenantPrincipal,
} from '@switchboard/contracts';
import { hashApiKey } from '@switchboard/tenancy';
import { presentedCredential } from './credentials';
import type { JwtVerifier } from './jwt-verifier';
import { PrincipalCache } from './principal-cache';

/** Where principals come from: conversation-service, which owns tenants and keys. */
export interface PrincipalSource {
  /** The principal of an API key, by its public prefix and keyed hash; `unauthorized` otherwise. */
  byApiKey(prefix: string, hash: string): Promise<TenantPrincipal>;
  /** A tenant's principal; `not_found` when there is no such tenant. */
  byTenant(tenantId: string): Promise<TenantPrincipal>;
}

export interface AuthenticatorOptions {
  mode: AuthMode;
  /** The pepper API keys are hashed with; the admin CLI uses the same. */
  secretKey: string;
  verifyJwt: JwtVerifier;
  source: PrincipalSource;
  /** How long a verified credential is remembered. */
  cacheTtlMs: number;
  /** How long a refused credential (unknown key, revoked key, unknown tenant) is remembered. */
  negativeCacheTtlMs?: number;
}

/** Decides who a request acts as. */
export type Authenticator = (req: Request) => Promise<TenantPrincipal>;

export const unauthorized = (message: string) => new AppError(ErrorCodes.unauthorized, message);

/**
 * API key → its tenant; JWT → the tenant in its claim (which must exist), when the token is
 * verified by that tenant's issuer and keys (`createJwtVerifier`); no credentials
 * → the development tenant when auth is optional, else `unauthorized`. Credentials that are
 * present but do not verify are refused in every mode.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const cache = new PrincipalCache({
    ttlMs: options.cacheTtlMs,
    refusalTtlMs: options.negativeCacheTtlMs ?? 0,
    // Only answers about the credential itself; an outage of the source is never remembered.
    isRefusal: (err) => err instanceof AppError && err.code === ErrorCodes.unauthorized,
  });

  const tenant = (tenantId: string) =>
    cache.getOrLoad(`tenant:${tenantId}`, async () => {
      try {
        return await options.source.byTenant(tenantId);
      } catch (err) {
        if (err instanceof AppError && err.code === ErrorCodes.notFound) {
          // Worded like a tenant that accepts no tokens: a caller learns nothing about which exist.
          throw unauthorized('The bearer token is not valid: its tenant accepts no tokens');
        }
        throw err;
      }
    });

  return async (req) => {
    const credential = presentedCredential(req);
    if (!credential) {
      if (options.mode === 'optional') return tenant(DEVELOPMENT_TENANT);
      throw unauthorized('Credentials are required: an API key or a bearer token');
    }
    switch (credential.kind) {
      case 'invalid':
        throw unauthorized(`The credentials are not valid: ${credential.reason}`);
      case 'api_key': {
        // Cached by the keyed hash, so the key itself is never kept, not even in memory.
        const hash = hashApiKey(options.secretKey, credential.key);
        return cache.getOrLoad(`key:${hash}`, () =>
          options.source.byApiKey(credential.prefix, hash),
        );
      }
      case 'jwt':
        // The tenant the token names decides which issuer and keys may speak for it.
        return options.verifyJwt(credential.token, tenant);
    }
  };
}
