import { randomBytes } from 'node:crypto';
import type { MessagePage, MessageResource } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress } from '@switchboard/tenancy';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from './api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-inbound-${'k'.repeat(40)}`;

/**
 * Inbound messages belong to the recipient they were delivered to: one email to addresses of
 * two tenants reaches both, and nothing a sender chooses (a Message-ID) can make a later,
 * different email look like one already received.
 */
describe('inbound messages reach every recipient tenant (AUTH_MODE=required)', () => {
  let stack: Stack;
  let sandbox: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  const mailbox = (tenant: TenantFixture, local: string) => `${local}@${tenant.id}.example.com`;

  beforeAll(async () => {
    stack = await startStack({
      env: { AUTH_MODE: 'required', SECRET_KEY, AUTH_CACHE_TTL_MS: '0' },
      only: ['provider-sandbox', 'conversation-service', 'webhook-ingest', 'gateway'],
    });
    sandbox = stack.url('provider-sandbox');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'inbound-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'inbound-b' });
    for (const [tenant, local] of [
      [a, 'sales'],
      [a, 'support'],
      [b, 'hello'],
    ] as const) {
      await claimAddress(database.db, { tenantId: tenant.id, address: mailbox(tenant, local) });
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const inboxOf = async (tenant: TenantFixture) =>
    (await tenant.call<MessagePage>('GET', '/api/v1/messages?direction=inbound&limit=100')).body
      .data;
  const email = async (body: Record<string, unknown>) => {
    const res = await request<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
      body: { channel: 'email', ...body },
    });
    expect(res.body).toMatchObject({ delivered: true });
  };
  const withSubject = (subject: string) => (messages: MessageResource[]) =>
    messages.filter((m) => m.subject === subject);

  it('delivers one email to each envelope recipient, whichever tenant owns it', async () => {
    const subject = `Quarterly figures ${randomBytes(3).toString('hex')}`;
    const to = [mailbox(a, 'sales'), mailbox(b, 'hello'), mailbox(a, 'support')];
    await email({ from: 'ceo@partner.example.org', to, subject, body: 'Numbers attached' });

    const ofA = await eventually(
      async () => withSubject(subject)(await inboxOf(a)),
      (found) => found.length === 2,
      { what: 'both of A’s copies' },
    );
    expect(ofA.map((m) => m.to).sort()).toEqual([mailbox(a, 'sales'), mailbox(a, 'support')]);
    const ofB = await eventually(
      async () => withSubject(subject)(await inboxOf(b)),
      (found) => found.length === 1,
      { what: 'B’s copy' },
    );
    expect(ofB[0]).toMatchObject({ to: mailbox(b, 'hello'), from: 'ceo@partner.example.org' });
  });

  it('does not let an earlier email with the same Message-ID suppress a later, different one', async () => {
    const messageId = `<${randomBytes(6).toString('hex')}@partner.example.org>`;
    const tag = randomBytes(3).toString('hex');
    // Someone who learnt (or guessed) the Message-ID of a coming email sends theirs first...
    await email({
      from: 'mallory@elsewhere.example',
      to: mailbox(b, 'hello'),
      message_id: messageId,
      subject: `Spoof ${tag}`,
      body: 'nothing to see',
    });
    // ...and then the real one arrives, with the same Message-ID.
    await email({
      from: 'billing@partner.example.org',
      to: mailbox(b, 'hello'),
      message_id: messageId,
      subject: `Invoice ${tag}`,
      body: 'Please pay',
    });
    const real = await eventually(
      async () => withSubject(`Invoice ${tag}`)(await inboxOf(b)),
      (found) => found.length === 1,
      { what: 'the real email, despite the reused Message-ID' },
    );
    expect(real[0]!.from).toBe('billing@partner.example.org');
    expect(withSubject(`Spoof ${tag}`)(await inboxOf(b))).toHaveLength(1);
  });

  it('still stores a repeated delivery of the same email once per recipient', async () => {
    const subject = `Once ${randomBytes(3).toString('hex')}`;
    const messageId = `<${randomBytes(6).toString('hex')}@partner.example.org>`;
    const mail = {
      from: 'ops@partner.example.org',
      to: [mailbox(a, 'sales'), mailbox(b, 'hello')],
      message_id: messageId,
      subject,
      body: 'Sent twice by a retrying relay',
    };
    await email(mail);
    await eventually(
      async () => withSubject(subject)(await inboxOf(b)),
      (found) => found.length === 1,
      { what: 'the first delivery' },
    );
    await email(mail);
    // A later email from the same sender to the same recipients is handled after the repeat
    // (same partition, same conversation): once it is in, the repeat would be too.
    const marker = `${subject} (later)`;
    await email({ ...mail, message_id: undefined, subject: marker, body: 'Marker' });
    for (const tenant of [a, b]) {
      await eventually(
        async () => withSubject(marker)(await inboxOf(tenant)),
        (found) => found.length === 1,
        { what: `the later email in ${tenant.id}` },
      );
    }
    expect(withSubject(subject)(await inboxOf(a))).toHaveLength(1);
    expect(withSubject(subject)(await inboxOf(b))).toHaveLength(1);
  });

  it('stores an inbound SMS for each recipient even when a provider reuses its message id', async () => {
    const [numberOfA, numberOfB] = [uniqueNumber(), uniqueNumber()];
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });
    await claimAddress(database.db, { tenantId: b.id, address: numberOfB });
    const providerId = `message-${randomBytes(6).toString('hex')}`;
    const body = `compat ${providerId}`;
    for (const to of [numberOfA, numberOfB]) {
      const res = await request(stack.url('gateway'), 'POST', '/api/webhooks/sms', {
        body: {
          from: uniqueNumber(),
          to,
          type: 'sms',
          messaging_provider_id: providerId,
          body,
          attachments: null,
          timestamp: new Date().toISOString(),
        },
      });
      expect(res.status).toBe(200);
    }
    for (const [tenant, to] of [
      [a, numberOfA],
      [b, numberOfB],
    ] as const) {
      const found = await eventually(
        async () => (await inboxOf(tenant)).filter((m) => m.body === body),
        (messages) => messages.length === 1,
        { what: `the SMS to ${tenant.id}` },
      );
      expect(found[0]!.to).toBe(to);
    }
  });
});
