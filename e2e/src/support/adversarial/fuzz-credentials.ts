import { SignJWT } from 'jose';

/** An HS256 JWT with these claims, expiring in 30 minutes unless told otherwise. */
export function signToken(
  claims: Record<string, unknown>,
  options: { secret: string; exp?: number | string },
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(options.exp ?? '30m')
    .sign(new TextEncoder().encode(options.secret));
}

/** The attacker's own JWTs: the tenant claim alone, and with an issuer and an audience. */
export async function attackerTokens(jwtSecret: string, attackerId: string): Promise<string[]> {
  const token = (claims: Record<string, unknown>) => signToken(claims, { secret: jwtSecret });
  return [
    await token({ tenant_id: attackerId }),
    await token({ tenant_id: attackerId, iss: 'https://issuer.example', aud: 'switchboard' }),
  ];
}

/**
 * Credentials no tenant may be served with: JWTs for the victim signed with another key,
 * unsigned or expired, tenant claims of every wrong shape, a victim's key with one character
 * changed and a well-formed key of nobody.
 */
export async function badTokens(
  jwtSecret: string,
  victim: { id: string; key: string },
  attackerId: string,
): Promise<string[]> {
  const token = (
    claims: Record<string, unknown>,
    options: { secret?: string; exp?: number } = {},
  ) => signToken(claims, { secret: options.secret ?? jwtSecret, exp: options.exp });
  return [
    // The victim's tenant, signed with another key, unsigned, or expired.
    await token({ tenant_id: victim.id }, { secret: `not-the-secret-${'x'.repeat(32)}` }),
    `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ tenant_id: victim.id, exp: 9_999_999_999 }),
    ).toString('base64url')}.`,
    await token({ tenant_id: attackerId }, { exp: Math.floor(Date.now() / 1000) - 3_600 }),
    await token({ tenant_id: 'no-such-tenant' }),
    await token({ tenant_id: 42 }),
    await token({ tenant_id: [victim.id, attackerId] }),
    await token({ tenant_id: { $ne: null } }),
    await token({ tenant_id: '' }),
    await token({ tenant_id: `../${victim.id}` }),
    await token({}),
    // A key of the victim's with one character changed, and a well-formed key of nobody.
    `${victim.key.slice(0, -1)}${victim.key.endsWith('A') ? 'B' : 'A'}`,
    `sb_live_000000000000_${'A'.repeat(43)}`,
  ];
}
