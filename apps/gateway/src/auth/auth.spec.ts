import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request } from 'express';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { AppError, ErrorCodes, type TenantPrincipal } from '@switchboard/contracts';
import { problemHandler } from '@switchboard/http';
import { createLogger } from '@switchboard/observability';
import { generateApiKey, hashApiKey } from '@switchboard/tenancy';
import { authentication, principalOf } from './auth.middleware';
import { createAuthenticator, type PrincipalSource } from './authenticator';
import { presentedCredential } from './credentials';
import { createJwtVerifier } from './jwt-verifier';

const SECRET_KEY = 'gateway-auth-spec-secret-key-0123456789';
const JWT_SECRET = 'a-jwt-secret-of-at-least-thirty-two-characters';

const requestWith = (headers: Record<string, string | string[]>) =>
  ({
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  }) as Request;

const principal = (tenant: string, keyId: string | null = null): TenantPrincipal => ({
  tenant_id: tenant,
  key_id: keyId,
  rate_limit: null,
});

/** conversation-service as the gateway sees it: one key for acme, two tenants. */
function fakeSource(validKey: string) {
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

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

const hs256 = (
  claims: Record<string, unknown>,
  options: { exp?: string | number; secret?: string } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));

describe('presentedCredential', () => {
  const key = generateApiKey().key;

  it('reads an API key from Authorization: Bearer or X-API-Key, and a JWT from Bearer', () => {
    expect(presentedCredential(requestWith({ authorization: `Bearer ${key}` }))).toMatchObject({
      kind: 'api_key',
      key,
    });
    expect(presentedCredential(requestWith({ 'x-api-key': key }))).toMatchObject({
      kind: 'api_key',
    });
    expect(
      presentedCredential(requestWith({ authorization: `bearer ${key}`, 'x-api-key': key })),
    ).toMatchObject({
      kind: 'api_key',
    });
    expect(presentedCredential(requestWith({ authorization: 'Bearer aaa.bbb.ccc' }))).toEqual({
      kind: 'jwt',
      token: 'aaa.bbb.ccc',
    });
    expect(presentedCredential(requestWith({}))).toBeUndefined();
  });

  it.each([
    [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    [{ authorization: 'Bearer' }],
    [{ authorization: `Bearer ${key} extra` }],
    [{ authorization: 'Bearer sb_live_short' }],
    [{ authorization: 'Bearer just-some-token' }],
    [{ 'x-api-key': 'aaa.bbb.ccc' }],
    [{ 'x-api-key': '' }],
    [{ 'x-api-key': [key, key] }],
    [{ authorization: `Bearer ${key}`, 'x-api-key': generateApiKey().key }],
    [{ authorization: `Bearer ${'a'.repeat(9000)}.b.c` }],
  ])('refuses a credential it cannot use instead of ignoring it (#%#)', (headers) => {
    expect(presentedCredential(requestWith(headers))?.kind).toBe('invalid');
  });
});

describe('createAuthenticator', () => {
  const { key } = generateApiKey();
  const verifyJwt = createJwtVerifier({
    secret: JWT_SECRET,
    tenantClaim: 'tenant_id',
    production: false,
  });

  it('requires credentials in required mode, and lets optional mode act as development', async () => {
    const { source } = fakeSource(key);
    const required = createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt,
      source,
      cacheTtlMs: 0,
    });
    const optional = createAuthenticator({
      mode: 'optional',
      secretKey: SECRET_KEY,
      verifyJwt,
      source,
      cacheTtlMs: 0,
    });
    expect(await codeOf(required(requestWith({})))).toBe('unauthorized');
    expect((await optional(requestWith({}))).tenant_id).toBe('development');
  });

  it('refuses credentials that do not verify in every mode, and never falls back to development', async () => {
    const { source } = fakeSource(key);
    for (const mode of ['required', 'optional'] as const) {
      const authenticate = createAuthenticator({
        mode,
        secretKey: SECRET_KEY,
        verifyJwt,
        source,
        cacheTtlMs: 0,
      });
      expect(await codeOf(authenticate(requestWith({ 'x-api-key': generateApiKey().key })))).toBe(
        'unauthorized',
      );
      expect(await codeOf(authenticate(requestWith({ authorization: 'Bearer a.b.c' })))).toBe(
        'unauthorized',
      );
      expect(await codeOf(authenticate(requestWith({ authorization: 'Token x' })))).toBe(
        'unauthorized',
      );
      expect((await authenticate(requestWith({ 'x-api-key': key }))).tenant_id).toBe('acme');
    }
  });

  it('sends the source a keyed hash, never the key, and remembers the answer for the TTL only', async () => {
    let now = 0;
    const seen: string[] = [];
    const { source, calls } = fakeSource(key);
    const spying: PrincipalSource = {
      ...source,
      byApiKey: (prefix, hash) => {
        seen.push(prefix, hash);
        return source.byApiKey(prefix, hash);
      },
    };
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const authenticate = createAuthenticator({
        mode: 'required',
        secretKey: SECRET_KEY,
        verifyJwt,
        source: spying,
        cacheTtlMs: 1_000,
      });
      await authenticate(requestWith({ 'x-api-key': key }));
      await authenticate(requestWith({ authorization: `Bearer ${key}` }));
      expect(calls.byApiKey).toBe(1);
      now = 1_001;
      await authenticate(requestWith({ 'x-api-key': key }));
      expect(calls.byApiKey).toBe(2);
      expect(seen.join(' ')).not.toContain(key);
      expect(seen).toContain(hashApiKey(SECRET_KEY, key));
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('remembers a refused key briefly, so a flood of one bad key costs one lookup', async () => {
    let now = 0;
    const { source, calls } = fakeSource(key);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const authenticate = createAuthenticator({
        mode: 'required',
        secretKey: SECRET_KEY,
        verifyJwt,
        source,
        cacheTtlMs: 1_000,
        negativeCacheTtlMs: 500,
      });
      const bad = generateApiKey().key;
      const refusals = await Promise.all(
        Array.from({ length: 20 }, () => codeOf(authenticate(requestWith({ 'x-api-key': bad })))),
      );
      for (let i = 0; i < 20; i += 1) {
        refusals.push(await codeOf(authenticate(requestWith({ 'x-api-key': bad }))));
      }
      expect(refusals).toEqual(Array<string>(40).fill(ErrorCodes.unauthorized));
      expect(calls.byApiKey).toBe(1);
      // Only for the negative TTL: a key issued since then works at once afterwards.
      now = 501;
      expect(await codeOf(authenticate(requestWith({ 'x-api-key': bad })))).toBe(
        ErrorCodes.unauthorized,
      );
      expect(calls.byApiKey).toBe(2);
      // A good key is unaffected by the bad one.
      expect((await authenticate(requestWith({ 'x-api-key': key }))).tenant_id).toBe('acme');
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('does not remember a lookup that failed for another reason than a bad key', async () => {
    let available = false;
    const { source, calls } = fakeSource(key);
    const flaky: PrincipalSource = {
      ...source,
      byApiKey: (prefix, hash) =>
        available
          ? source.byApiKey(prefix, hash)
          : Promise.reject(new AppError(ErrorCodes.unavailable, 'down')),
    };
    const authenticate = createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt,
      source: flaky,
      cacheTtlMs: 1_000,
      negativeCacheTtlMs: 60_000,
    });
    expect(await codeOf(authenticate(requestWith({ 'x-api-key': key })))).toBe(
      ErrorCodes.unavailable,
    );
    available = true;
    expect((await authenticate(requestWith({ 'x-api-key': key }))).tenant_id).toBe('acme');
    expect(calls.byApiKey).toBe(1);
  });

  it('takes the tenant of a verified JWT, which must exist', async () => {
    const { source } = fakeSource(key);
    const authenticate = createAuthenticator({
      mode: 'required',
      secretKey: SECRET_KEY,
      verifyJwt,
      source,
      cacheTtlMs: 0,
    });
    const token = await hs256({ tenant_id: 'globex' });
    expect(await authenticate(requestWith({ authorization: `Bearer ${token}` }))).toEqual(
      principal('globex'),
    );
    const ghost = await hs256({ tenant_id: 'ghost' });
    expect(await codeOf(authenticate(requestWith({ authorization: `Bearer ${ghost}` })))).toBe(
      'unauthorized',
    );
  });
});

/** Every well-formed tenant exists, with no issuer bound (as outside production before binding). */
const anyTenant = async (tenantId: string) => principal(tenantId);
const tenantOf = async (verified: Promise<TenantPrincipal>) => (await verified).tenant_id;

describe('createJwtVerifier', () => {
  it('checks signature, expiry, issuer, audience and the tenant claim', async () => {
    const verify = createJwtVerifier({
      secret: JWT_SECRET,
      issuer: 'https://idp.example.com/',
      audience: 'switchboard',
      tenantClaim: 'org',
      production: false,
    });
    const good = { org: 'acme', iss: 'https://idp.example.com/', aud: 'switchboard' };
    expect(await tenantOf(verify(await hs256(good), anyTenant))).toBe('acme');

    const refused = await Promise.all(
      [
        hs256(good, { secret: 'another-secret-that-is-long-enough-too!!' }),
        hs256(good, { exp: Math.floor(Date.now() / 1000) - 120 }),
        hs256({ ...good, iss: 'https://evil.example.com/' }),
        hs256({ ...good, aud: 'someone-else' }),
        hs256({ iss: good.iss, aud: good.aud }),
        hs256({ ...good, org: 'Not A Tenant!' }),
        hs256({ ...good, org: 42 }),
        new SignJWT(good)
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(JWT_SECRET)),
        Promise.resolve('eyJhbGciOiJub25lIn0.eyJvcmciOiJhY21lIn0.'),
        Promise.resolve('not.a.jwt'),
      ].map(async (token) => codeOf(verify(await token, anyTenant))),
    );
    expect(refused).toEqual(Array(10).fill('unauthorized'));
  });

  it('refuses every JWT when neither a secret nor a JWKS is configured', async () => {
    const verify = createJwtVerifier({ tenantClaim: 'tenant_id', production: false });
    expect(await codeOf(verify(await hs256({ tenant_id: 'acme' }), anyTenant))).toBe(
      'unauthorized',
    );
  });

  describe('with a JWKS', () => {
    let server: http.Server;
    let jwksUrl: string;
    let keys: { kid: string; privateKey: CryptoKey; alg: string }[];

    beforeAll(async () => {
      keys = [];
      const published: JWK[] = [];
      for (const [kid, alg] of [
        ['rsa-1', 'RS256'],
        ['ec-1', 'ES256'],
      ] as const) {
        const pair = await generateKeyPair(alg, { extractable: true });
        keys.push({ kid, privateKey: pair.privateKey, alg });
        published.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
      }
      server = http.createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: published }));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const sign = (kid: string, claims: Record<string, unknown>) => {
      const key = keys.find((k) => k.kid === kid)!;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid })
        .setExpirationTime('5m')
        .sign(key.privateKey);
    };

    it('accepts RS256 and ES256 tokens signed by a published key', async () => {
      const verify = createJwtVerifier({ jwksUrl, tenantClaim: 'tenant_id', production: false });
      expect(await tenantOf(verify(await sign('rsa-1', { tenant_id: 'acme' }), anyTenant))).toBe(
        'acme',
      );
      expect(await tenantOf(verify(await sign('ec-1', { tenant_id: 'globex' }), anyTenant))).toBe(
        'globex',
      );
    });

    it('refuses a key it does not publish, and an HS256 token when only a JWKS is configured', async () => {
      const verify = createJwtVerifier({ jwksUrl, tenantClaim: 'tenant_id', production: false });
      const stranger = await generateKeyPair('RS256');
      const forged = await new SignJWT({ tenant_id: 'acme' })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setExpirationTime('5m')
        .sign(stranger.privateKey);
      expect(await codeOf(verify(forged, anyTenant))).toBe('unauthorized');
      expect(await codeOf(verify(await hs256({ tenant_id: 'acme' }), anyTenant))).toBe(
        'unauthorized',
      );
    });

    it('answers 503 (retry later), not 401, when the JWKS cannot be fetched', async () => {
      const verify = createJwtVerifier({
        jwksUrl: 'http://127.0.0.1:9/jwks.json',
        tenantClaim: 'tenant_id',
        production: false,
      });
      expect(await codeOf(verify(await sign('rsa-1', { tenant_id: 'acme' }), anyTenant))).toBe(
        'unavailable',
      );
    });
  });
});

describe('the authentication middleware', () => {
  const { key } = generateApiKey();
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const { source } = fakeSource(key);
    const app = express();
    app.use(
      '/api',
      authentication(
        createAuthenticator({
          mode: 'required',
          secretKey: SECRET_KEY,
          verifyJwt: createJwtVerifier({
            secret: JWT_SECRET,
            tenantClaim: 'tenant_id',
            production: false,
          }),
          source,
          cacheTtlMs: 0,
        }),
      ),
    );
    app.get('/api/whoami', (req, res) => {
      res.json({ tenant: principalOf(req).tenant_id, rate_limit: res.locals.rateLimit ?? null });
    });
    app.get('/unauthenticated', (req, res) => res.json({ tenant: principalOf(req).tenant_id }));
    app.use(problemHandler(createLogger({ service: 'test', level: 'silent' })));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers 401 problem+json with WWW-Authenticate: Bearer when credentials are missing or wrong', async () => {
    for (const headers of [
      {},
      { 'x-api-key': generateApiKey().key },
      { authorization: 'Basic eDp5' },
    ] as Record<string, string>[]) {
      const res = await fetch(`${base}/api/whoami`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="switchboard"/);
      expect(await res.json()).toMatchObject({
        type: 'urn:switchboard:problem:unauthorized',
        status: 401,
      });
    }
  });

  it('records the tenant and its own rate limit for what runs after it', async () => {
    const res = await fetch(`${base}/api/whoami`, { headers: { 'x-api-key': key } });
    expect(await res.json()).toEqual({ tenant: 'acme', rate_limit: { requests: 7, periodS: 60 } });
  });

  it('fails closed when a route is reached without authentication', async () => {
    const res = await fetch(`${base}/unauthenticated`);
    expect(res.status).toBe(500);
  });
});
