import { randomBytes } from 'node:crypto';
import type { MessageResource, Problem } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress, issueApiKey, releaseAddress } from '@switchboard/tenancy';
import { eventually, sandboxMessages, startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from './api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-senders-${'k'.repeat(40)}`;

/**
 * With SENDERS_MUST_BE_CLAIMED (production's rule), a tenant sends only from the numbers and
 * addresses it has claimed — checked when a send is accepted and again by the dispatchers before
 * any provider, the SMTP fallback included. The development tenant sends from anything.
 */
describe('tenants send only from addresses they have claimed (SENDERS_MUST_BE_CLAIMED)', () => {
  let stack: Stack;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  let development: TenantFixture;
  const numberOfA = uniqueNumber();
  const numberOfB = uniqueNumber();
  let mailOfA: string;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        SECRET_KEY,
        AUTH_CACHE_TTL_MS: '0',
        SENDERS_MUST_BE_CLAIMED: 'true',
        // Only the SMTP relay: what it sends is what the sandbox's SMTP receiver records.
        EMAIL_PROVIDERS: 'smtp',
      },
    });
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'senders-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'senders-b' });
    mailOfA = `billing@${a.id}.example.com`;
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });
    await claimAddress(database.db, { tenantId: a.id, address: mailOfA });
    await claimAddress(database.db, { tenantId: b.id, address: numberOfB });
    const devKey = await issueApiKey(database.db, {
      tenantId: 'development',
      secretKey: SECRET_KEY,
    });
    development = {
      id: 'development',
      key: devKey.key,
      keyId: devKey.id,
      call: (method, path, body) =>
        request(options.gateway, method, path, {
          body,
          headers: { authorization: `Bearer ${devKey.key}` },
        }),
    };
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const expectFromRefused = (res: { status: number; headers: Headers; body: unknown }) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((res.body as Problem).errors?.map((e) => e.field)).toEqual(['from']);
  };

  it('accepts a send from a claimed number or address', async () => {
    const sms = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: numberOfA,
      to: uniqueNumber(),
      body: 'from my own number',
    });
    expect(sms.status).toBe(201);
    const email = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: mailOfA,
      to: 'customer@example.com',
      subject: 'Invoice',
      body: '<p>Due</p>',
    });
    expect(email.status).toBe(201);
  });

  it('refuses, naming `from`, a sender nobody has claimed and one another tenant has', async () => {
    for (const from of [uniqueNumber(), numberOfB]) {
      expectFromRefused(
        await a.call('POST', '/api/v1/messages/send', { from, to: uniqueNumber(), body: 'x' }),
      );
    }
    expectFromRefused(
      await a.call('POST', '/api/v1/messages/send', {
        from: `ceo@${randomBytes(3).toString('hex')}.example.com`,
        to: 'customer@example.com',
        subject: 'Wire the money',
        body: 'Urgent',
      }),
    );
    expectFromRefused(
      await a.call('POST', '/api/messages/sms', {
        from: uniqueNumber(),
        to: uniqueNumber(),
        type: 'sms',
        body: 'compat route',
        attachments: null,
        timestamp: new Date().toISOString(),
      }),
    );
    // In a batch, item by item.
    const batch = await a.call<{ results: { status: number; problem?: Problem }[] }>(
      'POST',
      '/api/v1/messages/batch',
      {
        messages: [
          { from: numberOfA, to: uniqueNumber(), body: 'mine' },
          { from: uniqueNumber(), to: uniqueNumber(), body: 'not mine' },
        ],
      },
    );
    expect(batch.body.results.map((r) => r.status)).toEqual([201, 400]);
    expect(batch.body.results[1]!.problem?.errors?.map((e) => e.field)).toEqual(['from']);
  });

  it('lets the development tenant send from anything not claimed by another tenant', async () => {
    const res = await development.call('POST', '/api/v1/messages/send', {
      from: uniqueNumber(),
      to: uniqueNumber(),
      body: 'development',
    });
    expect(res.status).toBe(201);
    expectFromRefused(
      await development.call('POST', '/api/v1/messages/send', {
        from: numberOfB,
        to: uniqueNumber(),
        body: 'not even development',
      }),
    );
  });

  it('does not send through SMTP from an address the tenant gave up before dispatch', async () => {
    const sandbox = stack.url('provider-sandbox');
    const to = `victim-${randomBytes(3).toString('hex')}@example.com`;
    await stack.apps['email-dispatcher'].stop();
    const accepted = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: mailOfA,
      to,
      subject: 'Sent after release',
      body: '<p>Should not leave</p>',
    });
    expect(accepted.status).toBe(201);
    await releaseAddress(database.db, { tenantId: a.id, address: mailOfA });
    await stack.restart('email-dispatcher');

    const settled = await eventually(
      async () =>
        (await a.call<MessageResource>('GET', `/api/v1/messages/${accepted.body.id}`)).body,
      (m) => ['sent', 'delivered', 'failed'].includes(m.status),
      { what: 'the message settled after dispatch', timeoutMs: 45_000 },
    );
    expect(settled).toMatchObject({ status: 'failed', error_code: 'sender_not_claimed' });
    expect(await sandboxMessages(sandbox, { to })).toEqual([]);
  }, 120_000);

  it('does not send an SMS from a number the tenant gave up before dispatch', async () => {
    const sandbox = stack.url('provider-sandbox');
    const number = uniqueNumber();
    const to = uniqueNumber();
    await claimAddress(database.db, { tenantId: a.id, address: number });
    await stack.apps['sms-dispatcher'].stop();
    const accepted = await a.call<MessageResource>('POST', '/api/v1/messages/send', {
      from: number,
      to,
      body: 'Should not leave either',
    });
    expect(accepted.status).toBe(201);
    await releaseAddress(database.db, { tenantId: a.id, address: number });
    await stack.restart('sms-dispatcher');

    const settled = await eventually(
      async () =>
        (await a.call<MessageResource>('GET', `/api/v1/messages/${accepted.body.id}`)).body,
      (m) => ['sent', 'delivered', 'failed'].includes(m.status),
      { what: 'the SMS settled after dispatch', timeoutMs: 45_000 },
    );
    expect(settled).toMatchObject({ status: 'failed', error_code: 'sender_not_claimed' });
    expect(await sandboxMessages(sandbox, { to })).toEqual([]);
  }, 120_000);
});
