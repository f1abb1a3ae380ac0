import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { JWT_SECRET, anyTenant, codeOf, hs256, tenantOf } from './auth-fixtures';
import { createJwtVerifier } from './jwt-verifier';

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
