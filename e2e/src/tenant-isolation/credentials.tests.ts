import { SignJWT } from 'jose';
import { revokeApiKey, issueApiKey } from '@switchboard/tenancy';
import { request } from '../api-client';
import { JWT_SECRET, SECRET_KEY, type IsolationStack } from './isolation-stack';

/** Which credentials get in: none and wrong ones never, a revoked key no more, a JWT as its tenant. */
export function describeCredentials(suite: IsolationStack): void {
  it('refuses every client operation without credentials, or with wrong ones, as 401 problem+json', async () => {
    const { gateway, a, clientOperations } = suite;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer sb_live_000000000000_${'A'.repeat(43)}` },
      { 'x-api-key': `${a.key.slice(0, -1)}x` },
      { authorization: 'Bearer not-a-credential' },
      { authorization: `Basic ${Buffer.from(`${a.id}:${a.key}`).toString('base64')}` },
    ];
    const operations = await clientOperations();
    await Promise.all(
      operations.flatMap((op) =>
        attempts.map(async (headers) => {
          const res = await request(gateway, op.method, op.path, {
            headers,
            ...(op.method === 'POST' ? { body: {} } : {}),
          });
          expect([op.id, res.status]).toEqual([op.id, 401]);
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
        }),
      ),
    );
  });

  it('accepts the key as X-API-Key too', async () => {
    const { gateway, a, smsOfA } = suite;
    const res = await request(gateway, 'GET', `/api/v1/messages/${smsOfA.id}`, {
      headers: { 'x-api-key': a.key },
    });
    expect(res.status).toBe(200);
  });

  it('stops accepting a revoked key', async () => {
    const { gateway, database, a, smsOfA } = suite;
    const extra = await issueApiKey(database.db, { tenantId: a.id, secretKey: SECRET_KEY });
    const read = () =>
      request(gateway, 'GET', `/api/v1/messages/${smsOfA.id}`, {
        headers: { authorization: `Bearer ${extra.key}` },
      });
    expect((await read()).status).toBe(200);
    await revokeApiKey(database.db, extra.prefix);
    expect((await read()).status).toBe(401);
  });

  it('takes the tenant of a verified JWT; a token for another or an unknown tenant gets nothing', async () => {
    const { gateway, a, b, smsOfA } = suite;
    const token = (claims: Record<string, unknown>, exp: string | number = '5m') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(JWT_SECRET));
    const as = async (jwt: string) =>
      (
        await request(gateway, 'GET', `/api/v1/messages/${smsOfA.id}`, {
          headers: { authorization: `Bearer ${jwt}` },
        })
      ).status;
    expect(await as(await token({ tenant_id: a.id }))).toBe(200);
    expect(await as(await token({ tenant_id: b.id }))).toBe(404);
    expect(await as(await token({ tenant_id: 'no-such-tenant' }))).toBe(401);
    expect(await as(await token({ tenant_id: a.id }, Math.floor(Date.now() / 1000) - 600))).toBe(
      401,
    );
  });
}
