import { once } from 'node:events';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { problemHandler } from '@switchboard/http';
import { createLogger } from '@switchboard/observability';
import { generateApiKey } from '@switchboard/tenancy';
import { authentication, principalOf } from './auth.middleware';
import { JWT_SECRET, SECRET_KEY, fakeSource } from './auth-fixtures';
import { createAuthenticator } from './authenticator';
import { createJwtVerifier } from './jwt-verifier';

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
