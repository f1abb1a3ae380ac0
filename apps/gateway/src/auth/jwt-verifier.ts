import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { AppError, ErrorCodes, TenantId } from '@switchboard/contracts';

export interface JwtVerifierOptions {
  /** HS256 key; tokens signed with it are accepted. */
  secret?: string;
  /** An identity provider's JWKS; RS256 and ES256 tokens are checked against it. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** The claim holding the tenant id. */
  tenantClaim: string;
}

/** Verifies a JWT and names the tenant it speaks for. */
export type JwtVerifier = (token: string) => Promise<string>;

const ASYMMETRIC = ['RS256', 'ES256'];
/** Clocks of issuers and of this service may differ a little. */
const CLOCK_TOLERANCE_S = 30;
const JWKS_TIMEOUT_MS = 5_000;

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
 * A JWT verifier with jose: HS256 against `secret`, RS256/ES256 against a remote JWKS (fetched
 * and cached by jose), issuer and audience checked when configured, `exp` required. Without a
 * secret or a JWKS every JWT is refused.
 *
 * @example const tenantOf = createJwtVerifier({ secret, tenantClaim: 'tenant_id' }); await tenantOf(token);
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  const jwks = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS })
    : undefined;
  const checks = {
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    requiredClaims: ['exp', options.tenantClaim],
    clockTolerance: CLOCK_TOLERANCE_S,
  };

  return async (token) => {
    let alg: string | undefined;
    try {
      ({ alg } = decodeProtectedHeader(token));
    } catch {
      throw unauthorized('it is malformed');
    }
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && secret) {
        ({ payload } = await jwtVerify(token, secret, { ...checks, algorithms: ['HS256'] }));
      } else if (alg && ASYMMETRIC.includes(alg) && jwks) {
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
    const tenant = TenantId.safeParse(payload[options.tenantClaim]);
    if (!tenant.success)
      throw unauthorized(`its "${options.tenantClaim}" claim is not a tenant id`);
    return tenant.data;
  };
}
