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
  const mail = (
    tenant: TenantFixture,
    to: string,
    subject = 'Your receipt',
    category?: 'marketing' | 'transactional',
  ) =>
    tenant.call<MessageResource & Partial<Pick<Problem, 'type'>>>('POST', '/api/v1/messages/send', {
      from: `news@${tenant.id}.example.com`,
      to,
      subject,
      body: '<p>Thanks!</p>',
      ...(category ? { category } : {}),
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
  describe('one-click unsubscribe (RFC 8058)', () => {
    const received = async (to: string, subject: string) =>
      (await eventually(
        async () => (await sandboxMessages(sandbox, { to })).find((m) => m.subject === subject),
        (m) => m !== undefined,
        { what: `the mail "${subject}" at the provider`, timeoutMs: 30_000 },
      ))!;
    /** The https link of a mail's `List-Unsubscribe`. */
    const httpsLinkOf = (header: string | undefined) => /<(https?:[^>]+)>/.exec(header ?? '')?.[1];
    const oneClick = (url: string, body = 'List-Unsubscribe=One-Click') =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const entriesOf = (tenant: TenantFixture, to: string) =>
      database.db
        .selectFrom('suppressions')
        .select(['reason', 'created_by', 'source'])
        .where('tenant_id', '=', tenant.id)
        .where('address', '=', to)
        .execute();

    it('marketing mail (the default) carries the headers through SendGrid and SMTP; transactional mail does not', async () => {
      const to = newAddress();
      expect((await mail(a, to, 'Our spring sale')).body.category).toBe('marketing');
      const marketing = await received(to, 'Our spring sale');
      expect(marketing.provider).toBe('sendgrid');
      expect(marketing.headers).toMatchObject({
        'List-Unsubscribe': expect.stringMatching(
          /^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/webhooks\/unsubscribe\/v1\.[\w.-]+>, <mailto:unsubscribe@switchboard\.test\?subject=unsubscribe%20v1\.[\w.-]+>$/,
        ),
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });

      const receipt = await mail(a, to, 'Your receipt #42', 'transactional');
      expect(receipt.body.category).toBe('transactional');
      expect((await received(to, 'Your receipt #42')).headers ?? {}).not.toHaveProperty(
        'List-Unsubscribe',
      );

      // SendGrid fails once: the SMTP relay takes the mail, headers and all.
      await api(sandbox, 'POST', '/sandbox/faults', {
        provider: 'sendgrid',
        mode: 'error',
        status: 503,
        to,
        times: 1,
      });
      await mail(a, to, 'Our summer sale');
      const relayed = await received(to, 'Our summer sale');
      expect(relayed.provider).toBe('smtp');
      expect(relayed.headers).toEqual({
        'List-Unsubscribe': marketing.headers!['List-Unsubscribe'],
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
    });

    it('a POST without credentials unsubscribes at once; marketing is refused, receipts still go', async () => {
      const to = newAddress();
      await mail(a, to, 'Newsletter 1');
      const url = httpsLinkOf((await received(to, 'Newsletter 1')).headers?.['List-Unsubscribe']);
      expect(url).toBeDefined();

      // A GET (a mail scanner prefetching the link) shows a page and changes nothing.
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');
      expect(await entriesOf(a, to)).toEqual([]);
      // Not the one-click body: refused, nothing changes.
      expect((await oneClick(url!, 'List-Unsubscribe=Later')).status).toBe(400);
      expect(await entriesOf(a, to)).toEqual([]);

      const answer = await oneClick(url!);
      expect(answer.status).toBe(200);
      expect(await entriesOf(a, to)).toEqual([
        { reason: 'unsubscribe', created_by: 'recipient', source: 'list-unsubscribe' },
      ]);
      expect((await oneClick(url!)).status).toBe(200);

      const refused = await mail(a, to, 'Newsletter 2');
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ type: 'urn:switchboard:problem:recipient_suppressed' });
      expect((await mail(a, to, 'Your password reset', 'transactional')).status).toBe(201);
      await received(to, 'Your password reset');
      // Tenant B's mail to the same address is its own business.
      expect((await mail(b, to, 'B news')).status).toBe(201);
      const audit = await database.db
        .selectFrom('suppression_audit')
        .select(['action', 'reason', 'actor'])
        .where('tenant_id', '=', a.id)
        .where('address', '=', to)
        .execute();
      expect(audit).toEqual([{ action: 'added', reason: 'unsubscribe', actor: 'recipient' }]);
    });

    it('a mail to the mailto: address, through Inbound Parse, unsubscribes the address its token names', async () => {
      const to = newAddress();
      await mail(a, to, 'Weekly digest');
      const header = (await received(to, 'Weekly digest')).headers?.['List-Unsubscribe'] ?? '';
      const mailto = new URL(/<(mailto:[^>]+)>/.exec(header)![1]!);
      const inbound = (subject: string) =>
        api(sandbox, 'POST', '/sandbox/inbound', {
          channel: 'email',
          from: to,
          to: mailto.pathname,
          subject,
          body: 'Please unsubscribe me',
        });
      await inbound('unsubscribe v1.forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      await inbound(mailto.searchParams.get('subject')!);
      expect(await suppressionOf(a, to)).toEqual({
        reason: 'unsubscribe',
        created_by: 'recipient',
      });
      expect((await entriesOf(a, to))[0]).toMatchObject({ source: 'list-unsubscribe-mailto' });
      expect((await mail(a, to, 'Weekly digest 2')).status).toBe(422);
    });

    it('refuses a forged or tampered token with problem+json, suppressing nothing', async () => {
      const to = newAddress();
      await mail(a, to, 'Newsletter');
      const url = httpsLinkOf((await received(to, 'Newsletter')).headers?.['List-Unsubscribe'])!;
      const [, version, payload, signature] = /\/(v1)\.([\w-]+)\.([\w-]+)$/.exec(url)!;
      const base = url.slice(0, url.lastIndexOf('/') + 1);
      const someoneElse = Buffer.from(JSON.stringify([a.id, 'email', newAddress()])).toString(
        'base64url',
      );
      const forged = [
        `${base}${version}.${someoneElse}.${signature}`,
        `${base}${version}.${payload}.${'A'.repeat(43)}`,
        `${base}${version}.${payload}`,
        `${base}not-a-token`,
      ];
      for (const link of forged) {
        for (const answer of [await oneClick(link), await fetch(link)]) {
          expect(answer.status).toBe(400);
          expect(answer.headers.get('content-type')).toContain('application/problem+json');
          expect(await answer.json()).toMatchObject({
            errors: [{ field: 'token', message: expect.any(String) }],
          });
        }
      }
      const entries = await database.db
        .selectFrom('suppressions')
        .select('address')
        .where('tenant_id', '=', a.id)
        .where('reason', '=', 'unsubscribe')
        .where('source', '=', 'list-unsubscribe')
        .execute();
      expect(entries.map((e) => e.address)).not.toContain(to);
      expect((await mail(a, to, 'Newsletter again')).status).toBe(201);
    });
  });
});
