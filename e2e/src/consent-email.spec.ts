import { randomBytes } from 'node:crypto';
import type {
  MessageEventList,
  MessageResource,
  Problem,
  SuppressionList,
  SuppressionPage,
  SuppressionResource,
} from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { suppress } from '@switchboard/tenancy';
import { eventually, sandboxMessages, startStack, testEnv, type Stack } from '@switchboard/testing';
import { api } from './api-client';
import { createTenantWithKey, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-suppress-${'k'.repeat(40)}`;

/**
 * Email suppression end to end: the sandbox reports a hard bounce or a complaint through
 * SendGrid's signed Event Webhook (or rejects a mailbox with SMTP 550), the address goes on the
 * tenant's suppression list, and the tenant's next email to it is refused — at accept, and at
 * dispatch on whichever provider is next — while another tenant's mail still flows.
 */
describe('email suppression from bounces, complaints and SMTP rejections, end to end', () => {
  let stack: Stack;
  let sandbox: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        SECRET_KEY,
        AUTH_CACHE_TTL_MS: '0',
        SANDBOX_CALLBACK_DELAY_MS: '20',
        DISPATCH_RETRY_BASE_MS: '500',
        DISPATCH_MAX_ATTEMPTS: '40',
        CIRCUIT_RESET_MS: '2000',
      },
    });
    sandbox = stack.url('provider-sandbox');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'suppress-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'suppress-b' });
  });

  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults').catch(() => undefined);
    await api(sandbox, 'DELETE', '/sandbox/email-outcomes').catch(() => undefined);
    await stack?.stop();
    await database?.close();
  });

  const newAddress = () => `${randomBytes(5).toString('hex')}@customer.example.org`;
  const mail = (tenant: TenantFixture, to: string, subject = 'Your receipt') =>
    tenant.call<MessageResource & Partial<Pick<Problem, 'type'>>>('POST', '/api/v1/messages/send', {
      from: `news@${tenant.id}.example.com`,
      to,
      subject,
      body: '<p>Thanks!</p>',
    });
  const message = async (tenant: TenantFixture, id: string) =>
    (await tenant.call<MessageResource>('GET', `/api/v1/messages/${id}`)).body;
  const suppressionOf = (tenant: TenantFixture, to: string) =>
    eventually(
      () =>
        database.db
          .selectFrom('suppressions')
          .select(['reason', 'created_by'])
          .where('tenant_id', '=', tenant.id)
          .where('address', '=', to)
          .executeTakeFirst(),
      (row) => row !== undefined,
      { what: `the suppression of ${to}`, timeoutMs: 30_000 },
    );
  const outcome = (to: string, what: string) =>
    api(sandbox, 'POST', '/sandbox/email-outcomes', { to, outcome: what });

  it.each([
    ['bounce', 'hard_bounce'],
    ['spamreport', 'spam_report'],
    ['unsubscribe', 'unsubscribe'],
  ])(
    'a %s reported by SendGrid suppresses the address for that tenant only',
    async (what, reason) => {
      const to = newAddress();
      await outcome(to, what);
      const first = await mail(a, to);
      expect(first.status).toBe(201);
      expect(await suppressionOf(a, to)).toEqual({ reason, created_by: 'sendgrid' });

      const refused = await mail(a, to);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ type: 'urn:switchboard:problem:recipient_suppressed' });
      expect(await sandboxMessages(sandbox, { to })).toHaveLength(1);

      const fromB = await mail(b, to);
      expect(fromB.status).toBe(201);
    },
  );

  it('a mailbox the SMTP relay rejects with 550 (after failover from SendGrid) is suppressed', async () => {
    const to = newAddress();
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'sendgrid',
      mode: 'error',
      status: 503,
      to,
      times: 1,
    });
    // A 4xx fault reads as SMTP 550 5.1.1 at the sandbox's SMTP receiver.
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'smtp',
      mode: 'error',
      status: 400,
      to,
      times: 1,
    });
    const first = await mail(a, to);
    const failed = await eventually(
      () => message(a, first.body.id),
      (m) => m.status === 'failed',
      { what: 'the rejected mail failed', timeoutMs: 30_000 },
    );
    expect(failed).toMatchObject({ provider: 'smtp', error_code: '550' });
    expect(await suppressionOf(a, to)).toEqual({ reason: 'smtp_rejection', created_by: 'smtp' });
    expect((await mail(a, to)).status).toBe(422);
  });

  it('fails a mail queued before the address was suppressed, whichever provider was next', async () => {
    const to = newAddress();
    for (const provider of ['sendgrid', 'smtp']) {
      await api(sandbox, 'POST', '/sandbox/faults', {
        provider,
        mode: 'error',
        status: 503,
        to,
        times: 1000,
      });
    }
    const queued = await mail(a, to);
    expect(queued.status).toBe(201);
    await suppress(database.db, {
      tenantId: a.id,
      channel: 'email',
      address: to,
      reason: 'manual',
      actor: 'e2e',
      note: 'asked by phone',
    });
    const failed = await eventually(
      () => message(a, queued.body.id),
      (m) => m.status === 'failed' || m.status === 'sent',
      { what: 'the queued mail settled', timeoutMs: 30_000 },
    );
    expect(failed).toMatchObject({ status: 'failed', error_code: 'recipient_suppressed' });
    await api(sandbox, 'DELETE', '/sandbox/faults');
    const events = await a.call<MessageEventList>(
      'GET',
      `/api/v1/messages/${queued.body.id}/events`,
    );
    expect(events.body.data.at(-1)).toMatchObject({
      status: 'failed',
      error_code: 'recipient_suppressed',
    });
    expect(await sandboxMessages(sandbox, { to })).toEqual([]);
  });

  it('lists, adds, shows and removes entries through /api/v1/suppressions, per tenant, audited', async () => {
    const to = newAddress();
    const added = await a.call<SuppressionResource>('POST', '/api/v1/suppressions', {
      address: to.toUpperCase(),
      note: 'asked by phone',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      address: to,
      channel: 'email',
      reason: 'manual',
      sender: null,
      created_by: `api-key:${a.keyId}`,
    });
    expect((await mail(a, to)).status).toBe(422);

    const path = `/api/v1/suppressions/${encodeURIComponent(to)}`;
    expect((await a.call<SuppressionList>('GET', path)).body.data).toEqual([added.body]);
    expect((await b.call('GET', path)).status).toBe(404);
    const page = await a.call<SuppressionPage>(
      'GET',
      '/api/v1/suppressions?channel=email&reason=manual&limit=1',
    );
    expect(page.body.data).toEqual([added.body]);
    expect(
      (await b.call<SuppressionPage>('GET', '/api/v1/suppressions')).body.data,
    ).not.toContainEqual(expect.objectContaining({ address: to }));

    expect((await a.call('DELETE', path)).status).toBe(400);
    const removed = await a.call<SuppressionList>(
      'DELETE',
      `${path}?reason=${encodeURIComponent('consent given again')}`,
    );
    expect(removed.body.data).toEqual([added.body]);
    expect((await a.call('GET', path)).status).toBe(404);
    expect((await mail(a, to)).status).toBe(201);
    const audit = await database.db
      .selectFrom('suppression_audit')
      .select(['action', 'actor', 'note'])
      .where('tenant_id', '=', a.id)
      .where('address', '=', to)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'added', actor: `api-key:${a.keyId}`, note: 'asked by phone' },
      { action: 'removed', actor: `api-key:${a.keyId}`, note: 'consent given again' },
    ]);
  });
});
