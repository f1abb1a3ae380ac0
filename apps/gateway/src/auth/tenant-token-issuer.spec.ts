import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request } from 'express';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { AppError, ErrorCodes } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import {
  createTenant,
  setTenantTokenIssuer,
  tenantJwtSecret,
  tenantPrincipal,
} from '@switchboard/tenancy';
import { createAuthenticator, type Authenticator, type PrincipalSource } from './authenticator';
import { createJwtVerifier } from './jwt-verifier';

const SECRET_KEY = 'gateway-issuer-spec-secret-key-0123456789';
const JWT_SECRET = 'the-deployment-jwt-secret-of-32-characters-or-more';
const AUDIENCE = 'switchboard';
const uid = () => randomBytes(4).toString('hex');

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as Request;

async function outcomeOf(authenticate: Authenticator, token: string): Promise<string> {
  try {
    return `ok:${(await authenticate(bearer(token))).tenant_id}`;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** Tenants as conversation-service answers them: straight from PostgreSQL. */
const sourceOf = (db: Db['db']): PrincipalSource => ({
  byApiKey: () => Promise.reject(new AppError(ErrorCodes.unauthorized, 'no keys here')),
  async byTenant(tenantId) {
    const principal = await tenantPrincipal(db, tenantId);
    if (!principal) throw AppError.notFound('Tenant');
    return principal;
  },
});

/** An identity provider: a signing key and the JWKS that publishes it. */
interface Idp {
  issuer: string;
  jwksUrl: string;
  sign(claims: Record<string, unknown>): Promise<string>;
}

describe('JWTs act only for the tenant their issuer owns (PostgreSQL)', () => {
  let database: Db;
  let server: http.Server;
  const published = new Map<string, JWK[]>();
  let base: string;
  /** The deployment's identity provider (JWT_JWKS_URL), shared by every application on it. */
  let shared: Idp;
  /** The victim's own identity provider, bound to the victim tenant. */
  let own: Idp;
  const victim = `victim-${uid()}`;
  const mallory = `mallory-${uid()}`;
  const unbound = `unbound-${uid()}`;
  const hsTenant = `hs-${uid()}`;

  async function idp(name: string, issuer: string): Promise<Idp> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `${name}-1`;
    published.set(`/${name}/jwks.json`, [
      { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    ]);
    const key: CryptoKey = privateKey;
    return {
      issuer,
      jwksUrl: `${base}/${name}/jwks.json`,
      sign: (claims) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid })
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key),
    };
  }

  const hs256 = (claims: Record<string, unknown>, secret: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));

  const authenticatorFor = (production: boolean) =>
    createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt: createJwtVerifier({
        secret: JWT_SECRET,
        jwksUrl: shared.jwksUrl,
        audience: AUDIENCE,
        tenantClaim: 'tenant_id',
        production,
      }),
      source: sourceOf(database.db),
      cacheTtlMs: 0,
    });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const keys = published.get(req.url ?? '');
      res.statusCode = keys ? 200 : 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: keys ?? [] }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    shared = await idp('shared', `https://idp-${uid()}.example.com/`);
    own = await idp('own', `https://login-${uid()}.victim.example/`);

    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    for (const id of [victim, mallory, unbound, hsTenant]) await createTenant(database.db, { id });
    const local = { requireHttps: false };
    await setTenantTokenIssuer(
      database.db,
      victim,
      { issuer: own.issuer, jwksUrl: own.jwksUrl },
      local,
    );
    await setTenantTokenIssuer(database.db, mallory, { issuer: shared.issuer, jwksUrl: null });
    await setTenantTokenIssuer(database.db, hsTenant, {
      issuer: `https://auth-${uid()}.hs.example/`,
      jwksUrl: null,
    });
  });
  afterAll(async () => {
    await database?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('accepts a token from the issuer bound to the tenant, verified with that tenant’s keys', async () => {
    const authenticate = authenticatorFor(true);
    const claims = { tenant_id: victim, iss: own.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await own.sign(claims))).toBe(`ok:${victim}`);
    const malloryClaims = { tenant_id: mallory, iss: shared.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await shared.sign(malloryClaims))).toBe(`ok:${mallory}`);
  });

  it('refuses a token whose issuer does not own the tenant it claims', async () => {
    const authenticate = authenticatorFor(true);
    // Mallory's issuer (or any application on the shared identity provider) names the victim.
    const claims = { tenant_id: victim, iss: shared.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await shared.sign(claims))).toBe('unauthorized');
    // ... or claims to be the victim's issuer, but signs with keys that are not the victim's.
    const forged = { tenant_id: victim, iss: own.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await shared.sign(forged))).toBe('unauthorized');
    // The victim's own issuer cannot speak for another tenant either.
    const sideways = { tenant_id: mallory, iss: own.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await own.sign(sideways))).toBe('unauthorized');
  });

  it('refuses, in production, a token without iss or aud, or for a tenant with no bound issuer', async () => {
    const authenticate = authenticatorFor(true);
    const noIss = await shared.sign({ tenant_id: mallory, aud: AUDIENCE });
    const noAud = await shared.sign({ tenant_id: mallory, iss: shared.issuer });
    const otherApp = await shared.sign({ tenant_id: mallory, iss: shared.issuer, aud: 'other' });
    const toUnbound = await shared.sign({ tenant_id: unbound, iss: shared.issuer, aud: AUDIENCE });
    expect(
      await Promise.all([noIss, noAud, otherApp, toUnbound].map((t) => outcomeOf(authenticate, t))),
    ).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'unauthorized']);
  });

  it('refuses, in production, an HS256 token signed with the deployment-wide secret; takes the tenant’s own derived key', async () => {
    const authenticate = authenticatorFor(true);
    const { token_issuer } = (await tenantPrincipal(database.db, hsTenant))!;
    const claims = { tenant_id: hsTenant, iss: token_issuer!.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await hs256(claims, JWT_SECRET))).toBe('unauthorized');
    const victimClaims = { tenant_id: victim, iss: own.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await hs256(victimClaims, JWT_SECRET))).toBe(
      'unauthorized',
    );
    const ownKey = tenantJwtSecret(JWT_SECRET, hsTenant);
    expect(await outcomeOf(authenticate, await hs256(claims, ownKey))).toBe(`ok:${hsTenant}`);
    // One tenant's key signs for that tenant only.
    const stolen = { tenant_id: victim, iss: own.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await hs256(stolen, ownKey))).toBe('unauthorized');
  });

  it('outside production, still takes the deployment secret for a tenant with no bound issuer, and enforces a bound one', async () => {
    const authenticate = authenticatorFor(false);
    const legacy = { tenant_id: unbound, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await hs256(legacy, JWT_SECRET))).toBe(`ok:${unbound}`);
    const claims = { tenant_id: victim, iss: shared.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await shared.sign(claims))).toBe('unauthorized');
    const unsigned = { tenant_id: victim, iss: own.issuer, aud: AUDIENCE };
    expect(await outcomeOf(authenticate, await hs256(unsigned, JWT_SECRET))).toBe('unauthorized');
  });
});
