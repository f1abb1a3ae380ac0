import { randomBytes } from 'node:crypto';
import { AppError } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import {
  authenticateApiKey,
  claimAddress,
  createTenant,
  hashApiKey,
  issueApiKey,
  listAddresses,
  listApiKeys,
  ownerOfAddress,
  parseApiKey,
  releaseAddress,
  revokeApiKey,
  setTenantRateLimit,
  tenantPrincipal,
} from './index';

const SECRET = 'tenancy-spec-secret-key-0123456789abcdef';
const uniqueTenant = () => `t-${randomBytes(5).toString('hex')}`;
const uniquePhone = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('tenants, API keys and addresses (PostgreSQL)', () => {
  let database: Db;

  beforeAll(() => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
  });
  afterAll(async () => {
    await database.close();
  });

  const authenticate = (key: string, secret = SECRET) => {
    const parsed = parseApiKey(key)!;
    return authenticateApiKey(database.db, {
      prefix: parsed.prefix,
      hash: hashApiKey(secret, parsed.key),
    });
  };

  it('creates a tenant once, with an optional rate limit', async () => {
    const id = uniqueTenant();
    const tenant = await createTenant(database.db, {
      id,
      name: 'Acme',
      rateLimit: { requests: 50, period_s: 10 },
    });
    expect(tenant).toMatchObject({ id, name: 'Acme', rate_limit: { requests: 50, period_s: 10 } });
    expect(await codeOf(createTenant(database.db, { id }))).toBe('conflict');
    expect(await codeOf(createTenant(database.db, { id: 'Not Valid!' }))).toBe('validation_failed');
  });

  it('issues a key that authenticates as its tenant, and stores only a hash', async () => {
    const tenant = uniqueTenant();
    await createTenant(database.db, { id: tenant });
    const issued = await issueApiKey(database.db, {
      tenantId: tenant,
      secretKey: SECRET,
      name: 'ci',
    });
    expect(issued.key.startsWith(`sb_live_${issued.prefix}_`)).toBe(true);

    expect(await authenticate(issued.key)).toEqual({
      tenant_id: tenant,
      key_id: issued.id,
      rate_limit: null,
    });
    const stored = await database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', issued.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(issued.key.split('_').pop());
    expect(stored.hash).toBe(hashApiKey(SECRET, issued.key));
    expect(stored.last_used_at).not.toBeNull();

    const listed = await listApiKeys(database.db, tenant);
    expect(listed).toEqual([
      expect.objectContaining({ id: issued.id, prefix: issued.prefix, name: 'ci' }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(stored.hash);
    expect(listed[0]).not.toHaveProperty('key');
  });

  it('gives one answer for a wrong secret, a forged key, an unknown prefix and a revoked key', async () => {
    const tenant = uniqueTenant();
    await createTenant(database.db, { id: tenant });
    const issued = await issueApiKey(database.db, { tenantId: tenant, secretKey: SECRET });
    const forged = `sb_live_${issued.prefix}_${'A'.repeat(43)}`;
    const unknown = `sb_live_000000000000_${'A'.repeat(43)}`;

    expect(await codeOf(authenticate(issued.key, 'another-server-secret'))).toBe('unauthorized');
    expect(await codeOf(authenticate(forged))).toBe('unauthorized');
    expect(await codeOf(authenticate(unknown))).toBe('unauthorized');

    const revoked = await revokeApiKey(database.db, issued.prefix);
    expect(revoked.revoked_at).toBeInstanceOf(Date);
    expect(await codeOf(authenticate(issued.key))).toBe('unauthorized');
    // Revoking again (by id this time) keeps the first revocation time.
    expect((await revokeApiKey(database.db, issued.id)).revoked_at).toEqual(revoked.revoked_at);
    expect(await codeOf(revokeApiKey(database.db, 'nope00000000'))).toBe('not_found');
  });

  it('carries the tenant rate limit into the principal, and clears it', async () => {
    const tenant = uniqueTenant();
    await createTenant(database.db, { id: tenant });
    const issued = await issueApiKey(database.db, { tenantId: tenant, secretKey: SECRET });
    await setTenantRateLimit(database.db, tenant, { requests: 5, period_s: 60 });
    expect((await authenticate(issued.key)).rate_limit).toEqual({ requests: 5, period_s: 60 });
    expect((await tenantPrincipal(database.db, tenant))?.rate_limit).toEqual({
      requests: 5,
      period_s: 60,
    });
    await setTenantRateLimit(database.db, tenant, null);
    expect((await tenantPrincipal(database.db, tenant))?.rate_limit).toBeNull();
    expect(
      await codeOf(setTenantRateLimit(database.db, tenant, { requests: 0, period_s: 1 })),
    ).toBe('validation_failed');
    expect(await codeOf(setTenantRateLimit(database.db, uniqueTenant(), null))).toBe('not_found');
    expect(await tenantPrincipal(database.db, uniqueTenant())).toBeUndefined();
    expect(await tenantPrincipal(database.db, "x' or '1'='1")).toBeUndefined();
  });

  it('refuses to issue a key for a tenant that does not exist', async () => {
    expect(
      await codeOf(issueApiKey(database.db, { tenantId: uniqueTenant(), secretKey: SECRET })),
    ).toBe('not_found');
  });

  it('assigns each address to one tenant, normalised, and lets only the owner release it', async () => {
    const [a, b] = [uniqueTenant(), uniqueTenant()];
    await createTenant(database.db, { id: a });
    await createTenant(database.db, { id: b });
    const phone = uniquePhone();
    const written = `+1 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;

    expect(await claimAddress(database.db, { tenantId: a, address: written })).toMatchObject({
      address: phone,
      tenant_id: a,
      channel: 'phone',
    });
    // Claiming again is harmless; another tenant cannot take it.
    await claimAddress(database.db, { tenantId: a, address: phone });
    expect(await codeOf(claimAddress(database.db, { tenantId: b, address: phone }))).toBe(
      'conflict',
    );
    expect(await ownerOfAddress(database.db, phone)).toBe(a);

    const email = `Support.${a}@Example.COM`;
    await claimAddress(database.db, { tenantId: b, address: email });
    expect(await ownerOfAddress(database.db, email.toLowerCase())).toBe(b);
    expect((await listAddresses(database.db, b)).map((r) => r.address)).toEqual([
      email.toLowerCase(),
    ]);

    expect(await codeOf(releaseAddress(database.db, { tenantId: b, address: phone }))).toBe(
      'not_found',
    );
    await releaseAddress(database.db, { tenantId: a, address: phone });
    expect(await ownerOfAddress(database.db, phone)).toBeUndefined();
    expect(
      await codeOf(claimAddress(database.db, { tenantId: a, address: 'not an address' })),
    ).toBe('validation_failed');
  });
});
