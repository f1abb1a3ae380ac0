import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AppError, ErrorCodes, TenantId, type TenantPrincipal } from '@switchboard/contracts';
import { tenantJwtSecret } from '@switchboard/tenancy';

export interface JwtVerifierOptions {
  /**
   * The deployment's HS256 secret. Each tenant's tokens are signed with the key derived from it
   * for that tenant (`tenantJwtSecret`); outside production, also with the secret itself for a
   * tenant that has no issuer bound.
   */
  secret?: string | undefined;
  /** The deployment's identity provider: RS256/ES256 tokens of tenants without their own JWKS. */
  jwksUrl?: string | undefined;
  /** When set, the `iss` of tokens for tenants that have no issuer bound (outside production). */
  issuer?: string | undefined;
  /** The `aud` every token must carry; in production a token without one is refused. */
  audience?: string | undefined;
  /** The claim holding the tenant id. */
  tenantClaim: string;
  /**
   * Production rules: `iss` and `aud` are required, a tenant accepts only tokens from the issuer
   * bound to it, and the deployment-wide secret signs for no tenant.
   */
  production: boolean;
}

/** A tenant's principal (with its token issuer), by id; `unauthorized` when there is none. */
export type TenantLookup = (tenantId: string) => Promise<TenantPrincipal>;

/** Verifies a JWT and answers the principal of the tenant it speaks for. */
export type JwtVerifier = (token: string, tenantOf: TenantLookup) => Promise<TenantPrincipal>;

const ASYMMETRIC = ['RS256', 'ES256'];
/** Clocks of issuers and of this service may differ a little. */
const CLOCK_TOLERANCE_S = 30;
const JWKS_TIMEOUT_MS = 5_000;
/** Tenants' own JWKS kept at once; the oldest is dropped (and refetched when needed). */
const MAX_TENANT_JWKS = 1_000;

const unauthorized = (why: string) =>
  new AppError(ErrorCodes.unauthorized, `The bearer token is not valid: ${why}`);

/** Why jose refused a token, in words a client can act on; nothing about keys or secrets. */
function reasonOf(err: errors.JOSEError): string {
  if (err instanceof errors.JWTExpired) return 'it has expired';
  if (err instanceof errors.JWTClaimValidationFailed)
    return `its "${err.claim}" claim is not accepted`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no known key signed it';
  return 'it is malformed';
}

/**
 * A JWT verifier with jose. The token names its tenant; the tenant decides who may speak for it:
 * the `iss` must be the issuer bound to the tenant (in production a tenant without one accepts
 * no token), and the signature must verify with the tenant's keys — its own JWKS when it has
 * one, else the deployment's JWKS (RS256/ES256) or the HS256 key derived for the tenant from the
 * deployment secret. `exp` is always required; `iss` and `aud` in production.
 *
 * @example const verify = createJwtVerifier({ secret, audience, tenantClaim: 'tenant_id', production: true });
 * const principal = await verify(token, lookupTenant);
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const { production, tenantClaim } = options;
  const deploymentJwks = options.jwksUrl ? remoteJwks(options.jwksUrl) : undefined;
  const tenantJwks = new Map<string, JWTVerifyGetKey>();
  const jwksOf = (url: string) => {
    let jwks = tenantJwks.get(url);
    if (!jwks) {
      if (tenantJwks.size >= MAX_TENANT_JWKS) tenantJwks.delete(tenantJwks.keys().next().value!);
      jwks = remoteJwks(url);
      tenantJwks.set(url, jwks);
    }
    return jwks;
  };

  return async (token, tenantOf) => {
    let alg: string | undefined;
    let claimed: unknown;
    try {
      ({ alg } = decodeProtectedHeader(token));
      claimed = decodeJwt(token)[tenantClaim];
    } catch {
      throw unauthorized('it is malformed');
    }
    const tenantId = TenantId.safeParse(claimed);
    if (!tenantId.success) throw unauthorized(`its "${tenantClaim}" claim is not a tenant id`);
    if (production && !options.audience) {
      // Without an audience, a token minted for any other application would do.
      throw unauthorized('this deployment accepts no JWTs (no audience is configured)');
    }
    const principal = await tenantOf(tenantId.data);
    const bound = principal.token_issuer ?? { issuer: null, jwks_url: null };
    if (production && !bound.issuer) throw unauthorized('its tenant accepts no tokens');
    const issuer = bound.issuer ?? options.issuer;
    const checks = {
      ...(issuer ? { issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
      requiredClaims: ['exp', tenantClaim, ...(production ? ['iss', 'aud'] : [])],
      clockTolerance: CLOCK_TOLERANCE_S,
    };

    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && options.secret && !bound.jwks_url) {
        const keys = [tenantJwtSecret(options.secret, tenantId.data)];
        // Outside production an unbound tenant still takes the deployment secret itself.
        if (!production && !bound.issuer) keys.push(options.secret);
        payload = await verifyWithAny(token, keys, checks);
      } else if (alg && ASYMMETRIC.includes(alg) && (bound.jwks_url || deploymentJwks)) {
        const jwks = bound.jwks_url ? jwksOf(bound.jwks_url) : deploymentJwks!;
        ({ payload } = await jwtVerify(token, jwks, { ...checks, algorithms: ASYMMETRIC }));
      } else {
        throw unauthorized(`tokens signed with ${alg ?? 'no algorithm'} are not accepted here`);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      const keysUnavailable =
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        !(err instanceof errors.JOSEError);
      if (keysUnavailable) {
        // The identity provider did not answer (or answered nonsense): not the client's fault.
        throw new AppError(ErrorCodes.unavailable, 'Token keys are unavailable; retry later', [], {
          cause: err,
        });
      }
      throw unauthorized(reasonOf(err));
    }
    // The verified claims are the decoded ones; checked again so that stays true.
    if (payload[tenantClaim] !== tenantId.data) throw unauthorized('its tenant does not match');
    return principal;
  };
}

const remoteJwks = (url: string) =>
  createRemoteJWKSet(new URL(url), { timeoutDuration: JWKS_TIMEOUT_MS });

/** Verifies an HS256 token with the first of `keys` that signed it. */
async function verifyWithAny(
  token: string,
  keys: readonly string[],
  checks: Parameters<typeof jwtVerify>[2],
): Promise<JWTPayload> {
  for (const [i, key] of keys.entries()) {
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(key), {
        ...checks,
        algorithms: ['HS256'],
      });
      return payload;
    } catch (err) {
      const last = i === keys.length - 1;
      if (last || !(err instanceof errors.JWSSignatureVerificationFailed)) throw err;
    }
  }
  throw unauthorized('its signature does not verify');
}
