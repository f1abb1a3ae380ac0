import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '@switchboard/db';
import { hashApiKey, tenantJwtSecret, tenantPrincipal } from '@switchboard/tenancy';
import { testEnv } from '@switchboard/testing';
import { UsageError, describeFailure, runAdminCommand } from './admin-commands';

const SECRET_KEY = 'admin-cli-spec-secret-key-0123456789abcdef';
const JWT_SECRET = 'admin-cli-spec-jwt-secret-0123456789abcdef';

describe('the admin CLI', () => {
  let database: Db;
  let lines: string[];
  const run = (...argv: string[]) =>
    runAdminCommand(argv, {
      db: database.db,
      secretKey: SECRET_KEY,
      jwtSecret: JWT_SECRET,
      requireHttps: true,
      defaultCountry: 'US',
      out: (line) => lines.push(line),
    });
  const failureOf = async (...argv: string[]) => {
    try {
      await run(...argv);
    } catch (err) {
      return describeFailure(err);
    }
    throw new Error('expected a failure');
  };

  beforeAll(() => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 1 });
  });
  beforeEach(() => {
    lines = [];
  });
  afterAll(() => database.close());

  it('creates a tenant, issues a key shown once, and lists keys without any secret', async () => {
    const tenant = `cli-${randomBytes(4).toString('hex')}`;
    expect(await run('create-tenant', tenant, '--name', 'Acme', '--rate-limit', '100/60')).toBe(0);
    expect(lines.join('\n')).toContain(`created tenant ${tenant} (Acme), rate limit 100/60s`);

    lines = [];
    expect(await run('issue-key', tenant, '--name', 'ci', '--json')).toBe(0);
    const issued = JSON.parse(lines[0]!) as { key: string; prefix: string; id: string };
    expect(issued.key).toMatch(new RegExp(`^sb_live_${issued.prefix}_`));

    const secretPart = issued.key.slice(`sb_live_${issued.prefix}_`.length);
    const hash = hashApiKey(SECRET_KEY, issued.key);
    for (const argv of [['list-keys', tenant], ['list-keys', tenant, '--json'], ['list-keys']]) {
      lines = [];
      expect(await run(...argv)).toBe(0);
      const output = lines.join('\n');
      expect(output).toContain(issued.prefix);
      expect(output).not.toContain(secretPart);
      expect(output).not.toContain(hash);
    }

    lines = [];
    expect(await run('revoke-key', issued.prefix)).toBe(0);
    expect(lines[0]).toMatch(new RegExp(`^revoked key ${issued.id} `));
    lines = [];
    await run('list-keys', tenant);
    expect(lines[0]).toContain('REVOKED');
  });

  it('sets and clears a rate limit, and claims an address for a tenant', async () => {
    const tenant = `cli-${randomBytes(4).toString('hex')}`;
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await run('create-tenant', tenant);
    await run('set-rate-limit', tenant, '5/1');
    await run('claim-address', tenant, phone);
    await run('set-rate-limit', tenant, '--clear');
    expect(lines).toEqual([
      `created tenant ${tenant} (${tenant}), rate limit default`,
      `rate limit of ${tenant}: 5/1s`,
      `${phone} (phone) belongs to ${tenant}`,
      `rate limit of ${tenant}: default`,
    ]);
  });

  it("sets a number's voice greeting and forward number, for its owner only", async () => {
    const tenant = `cli-${randomBytes(4).toString('hex')}`;
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await run('create-tenant', tenant);
    await run('claim-address', tenant, phone);
    lines = [];
    expect(await run('set-voice-greeting', tenant, phone, 'You reached Acme.')).toBe(0);
    expect(await run('set-voice-forward', tenant, phone, '(415) 555-0100')).toBe(0);
    expect(await run('set-voice-forward', tenant, phone, '--clear', '--json')).toBe(0);
    expect(await run('set-voice-greeting', tenant, phone, '--clear')).toBe(0);
    expect(lines.slice(0, 2)).toEqual([
      `callers to ${phone} hear "You reached Acme."`,
      `calls to ${phone} are forwarded to +14155550100`,
    ]);
    expect(JSON.parse(lines[2]!)).toMatchObject({ address: phone, voice_forward_to: null });
    expect(lines[3]).toBe(`callers to ${phone} hear the default greeting`);
    expect(
      await failureOf('set-voice-forward', 'development', phone, '+14155550100'),
    ).toMatchObject({ exitCode: 1, message: expect.stringContaining('not found') });
    expect(await failureOf('set-voice-forward', tenant, phone, 'not a number')).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('forward_to'),
    });
  });

  it('binds a tenant to its token issuer (one tenant per issuer) and hands out its own HS256 key', async () => {
    const tenant = `cli-${randomBytes(4).toString('hex')}`;
    const other = `cli-${randomBytes(4).toString('hex')}`;
    const issuer = `https://login-${tenant}.example.com/`;
    await run('create-tenant', tenant);
    await run('create-tenant', other);
    lines = [];
    expect(
      await run('set-token-issuer', tenant, issuer, '--jwks-url', `${issuer}.well-known/jwks.json`),
    ).toBe(0);
    expect(lines).toEqual([
      `tokens for ${tenant} must come from ${issuer}, signed by a key of ${issuer}.well-known/jwks.json`,
    ]);
    expect((await tenantPrincipal(database.db, tenant))?.token_issuer).toEqual({
      issuer,
      jwks_url: `${issuer}.well-known/jwks.json`,
    });
    // An issuer speaks for one tenant: another cannot take it.
    expect(await failureOf('set-token-issuer', other, issuer)).toEqual({
      exitCode: 1,
      message: `Issuer ${issuer} is bound to another tenant`,
    });
    // Plain-http keys are refused where the CLI runs for production.
    expect(
      await failureOf('set-token-issuer', other, 'https://b.example/', '--jwks-url', 'http://b/k'),
    ).toMatchObject({ exitCode: 1, message: expect.stringContaining('jwks_url') });

    lines = [];
    expect(await run('jwt-secret', tenant)).toBe(0);
    expect(lines.join('\n')).toContain(tenantJwtSecret(JWT_SECRET, tenant));
    expect(lines.join('\n')).not.toContain(JWT_SECRET);

    lines = [];
    expect(await run('set-token-issuer', tenant, '--clear')).toBe(0);
    expect(lines).toEqual([`${tenant} has no token issuer: no JWT acts as it in production`]);
    expect((await tenantPrincipal(database.db, tenant))?.token_issuer).toEqual({
      issuer: null,
      jwks_url: null,
    });
  });

  it('explains mistakes with an exit code: 2 for usage, 1 for what the data says', async () => {
    expect(await failureOf('bogus')).toMatchObject({ exitCode: 2 });
    expect(await failureOf('issue-key')).toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('issue-key needs a tenant id'),
    });
    expect(await failureOf('set-rate-limit', 'x', 'lots')).toMatchObject({ exitCode: 2 });
    expect(await failureOf('list-keys', '--nope')).toMatchObject({ exitCode: 2 });
    expect(await failureOf('issue-key', 'no-such-tenant-here')).toEqual({
      exitCode: 1,
      message: 'Tenant no-such-tenant-here not found',
    });
    expect(await failureOf('claim-address', 'development', 'not an address')).toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('address'),
    });
    expect(new UsageError('x')).toBeInstanceOf(Error);
  });

  it('adds, lists and removes suppressions with an audited note, and sets the consent settings', async () => {
    const tenant = `cli-${randomBytes(4).toString('hex')}`;
    await run('create-tenant', tenant, '--name', 'Acme');
    expect(await failureOf('suppress', tenant, 'Jane@Example.com')).toMatchObject({ exitCode: 2 });
    expect(await run('suppress', tenant, 'Jane@Example.com', '--note', 'asked by phone')).toBe(0);
    expect(await run('suppress', tenant, '(555) 010-0199', '--note', 'letter')).toBe(0);

    lines = [];
    await run('list-suppressions', tenant, '--channel', 'email', '--json');
    expect(JSON.parse(lines[0]!)).toEqual([
      expect.objectContaining({
        address: 'jane@example.com',
        channel: 'email',
        reason: 'manual',
        note: 'asked by phone',
        created_by: 'admin-cli',
      }),
    ]);
    expect(await run('unsuppress', tenant, 'jane@example.com', '--note', 'consent given')).toBe(0);
    expect(await run('unsuppress', tenant, 'jane@example.com', '--note', 'again')).toBe(1);
    const audit = await database.db
      .selectFrom('suppression_audit')
      .select(['action', 'actor', 'note'])
      .where('tenant_id', '=', tenant)
      .where('address', '=', 'jane@example.com')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'added', actor: 'admin-cli', note: 'asked by phone' },
      { action: 'removed', actor: 'admin-cli', note: 'consent given' },
    ]);
    // The tenant hears of each change once, through its client events.
    const events = await database.db
      .selectFrom('outbox')
      .select(['subject', 'payload'])
      .where('subject', 'like', `clientevents.${tenant}.suppression.%`)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.subject.slice(`clientevents.${tenant}.`.length))).toEqual([
      'suppression.created',
      'suppression.created',
      'suppression.deleted',
    ]);
    expect(events[2]!.payload).toMatchObject({
      data: {
        suppression: { address: 'jane@example.com', reason: 'manual' },
        deleted_by: 'admin-cli',
        note: 'consent given',
      },
    });

    lines = [];
    await run(
      'consent-settings',
      tenant,
      '--scope',
      'tenant',
      '--contact',
      'help@acme.example',
      '--json',
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({
      optOutScope: 'tenant',
      helpReply: expect.stringMatching(/^Acme: Contact us at help@acme.example\./),
    });
    expect(await failureOf('consent-settings', tenant, '--scope', 'everyone')).toMatchObject({
      exitCode: 2,
    });

    lines = [];
    await run('consent-settings', tenant, '--quiet-hours', '21:00-08:00', '--json');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      optOutScope: 'tenant',
      quietHours: { start: 21 * 60, end: 8 * 60 },
    });
    lines = [];
    await run('consent-settings', tenant, '--quiet-hours', 'off', '--json');
    expect(JSON.parse(lines[0]!)).toMatchObject({ quietHours: null });
    expect(await failureOf('consent-settings', tenant, '--quiet-hours', '9pm-8am')).toMatchObject({
      exitCode: 2,
    });
  });
});
