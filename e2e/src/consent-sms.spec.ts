import type {
  MessageEventList,
  MessageResource,
  Problem,
  SendBatchResponse,
} from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress, recipientTimeZone, setConsentSettings } from '@switchboard/tenancy';
import {
  eventually,
  hasBeenSent,
  sandboxMessages,
  startStack,
  testEnv,
  type Stack,
} from '@switchboard/testing';
import { api, request } from './api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-consent-${'k'.repeat(40)}`;

/**
 * SMS consent end to end: a recipient's STOP, delivered by the sandbox as Twilio would, stops
 * every later message of that tenant's number to them — at accept and at dispatch, whichever
 * provider was next — until they reply START; another tenant is not affected.
 */
describe('SMS opt-out and opt-in (STOP/START), end to end', () => {
  let stack: Stack;
  let sandbox: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  let ourNumber: string;
  let theirNumber: string;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        SECRET_KEY,
        AUTH_CACHE_TTL_MS: '0',
        STATUS_CALLBACKS: 'false',
        SANDBOX_CALLBACKS: 'false',
        // Rounds over both providers spaced out, so an opt-out can arrive between two of them.
        DISPATCH_RETRY_BASE_MS: '500',
        DISPATCH_MAX_ATTEMPTS: '40',
        CIRCUIT_RESET_MS: '2000',
        // Held messages are released within a second of their quiet hours' end.
        STUCK_SWEEP_INTERVAL_MS: '1000',
      },
    });
    sandbox = stack.url('provider-sandbox');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'consent-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'consent-b' });
  });

  beforeEach(async () => {
    ourNumber = uniqueNumber();
    theirNumber = uniqueNumber();
    await claimAddress(database.db, { tenantId: a.id, address: ourNumber });
  });

  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults').catch(() => undefined);
    await stack?.stop();
    await database?.close();
  });

  const send = (tenant: TenantFixture, from: string, body = 'Your order shipped') =>
    tenant.call<MessageResource & Partial<Pick<Problem, 'type'>>>('POST', '/api/v1/messages/send', {
      from,
      to: theirNumber,
      body,
    });
  const text = async (body: string) => {
    const res = await request<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
      body: { channel: 'sms', from: theirNumber, to: ourNumber, body },
    });
    expect(res.body).toMatchObject({ delivered: true });
  };
  const receivedByThem = () => sandboxMessages(sandbox, { to: theirNumber });
  const settled = (tenant: TenantFixture, id: string) =>
    eventually(
      async () => (await tenant.call<MessageResource>('GET', `/api/v1/messages/${id}`)).body,
      (m) => m.status === 'sent' || m.status === 'failed',
      { what: 'message settled', timeoutMs: 30_000 },
    );

  it('STOP is confirmed once, later sends are refused (422) and never reach a provider, START lets them flow again', async () => {
    const before = await send(a, ourNumber, 'Welcome!');
    expect(before.status).toBe(201);
    await settled(a, before.body.id);

    await text('  Stop ');
    const confirmation = await eventually(
      receivedByThem,
      (found) => found.some((m) => /unsubscribed/i.test(m.body)),
      { what: 'the opt-out confirmation', timeoutMs: 30_000 },
    );
    expect(confirmation.filter((m) => /unsubscribed/i.test(m.body))).toHaveLength(1);

    const refused = await send(a, ourNumber);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:switchboard:problem:recipient_opted_out',
      status: 422,
    });
    const batch = await a.call<SendBatchResponse>('POST', '/api/v1/messages/batch', {
      messages: [
        { from: ourNumber, to: theirNumber, body: 'refused' },
        { from: ourNumber, to: uniqueNumber(), body: 'someone else' },
      ],
    });
    expect(batch.body.results.map((r) => r.status)).toEqual([422, 201]);
    expect(batch.body.results[0]).toMatchObject({
      problem: { type: 'urn:switchboard:problem:recipient_opted_out' },
    });
    // Nothing refused reached them.
    expect((await receivedByThem()).map((m) => m.body)).toEqual([
      'Welcome!',
      expect.stringMatching(/unsubscribed/i),
    ]);

    await text('START');
    await eventually(receivedByThem, (found) => found.some((m) => /resubscribed/i.test(m.body)), {
      what: 'the opt-in confirmation',
      timeoutMs: 30_000,
    });
    const after = await send(a, ourNumber, 'Back again');
    expect(after.status).toBe(201);
    await eventually(
      async () => (await a.call<MessageResource>('GET', `/api/v1/messages/${after.body.id}`)).body,
      hasBeenSent,
      { what: 'the send after START', timeoutMs: 30_000 },
    );
  });

  it('fails a message queued before STOP with recipient_opted_out, on whichever provider was next', async () => {
    // Both providers refuse this recipient for now: the message waits between rounds.
    for (const provider of ['twilio', 'telnyx']) {
      await api(sandbox, 'POST', '/sandbox/faults', {
        provider,
        mode: 'error',
        status: 503,
        to: theirNumber,
        times: 1000,
      });
    }
    const queued = await send(a, ourNumber, 'Flash sale today');
    expect(queued.status).toBe(201);

    await text('stop texting me');
    await eventually(
      async () =>
        database.db
          .selectFrom('suppressions')
          .select('reason')
          .where('tenant_id', '=', a.id)
          .where('address', '=', theirNumber)
          .execute(),
      (rows) => rows.length === 1,
      { what: 'the opt-out recorded' },
    );
    // The providers keep failing until the message has settled: a round that checked consent
    // just before the opt-out committed must not reach a provider after it either.
    const failed = await settled(a, queued.body.id);
    expect(failed).toMatchObject({ status: 'failed', error_code: 'recipient_opted_out' });
    await api(sandbox, 'DELETE', '/sandbox/faults');
    const events = await a.call<MessageEventList>(
      'GET',
      `/api/v1/messages/${queued.body.id}/events`,
    );
    expect(events.body.data.at(-1)).toMatchObject({
      status: 'failed',
      error_code: 'recipient_opted_out',
    });
    // Only the confirmation reached them, once the message before it in the conversation settled.
    const received = await eventually(receivedByThem, (found) => found.length > 0, {
      what: 'the opt-out confirmation',
      timeoutMs: 30_000,
    });
    expect(received.map((m) => m.body)).toEqual([expect.stringMatching(/unsubscribed/i)]);
  });

  it("opts out of every number of a tenant-wide tenant, and leaves another tenant's messages alone", async () => {
    await setConsentSettings(database.db, a.id, { optOutScope: 'tenant' });
    const otherOfA = uniqueNumber();
    await claimAddress(database.db, { tenantId: a.id, address: otherOfA });
    await text('STOP');
    await eventually(
      async () => (await send(a, otherOfA)).status,
      (status) => status === 422,
      { what: "the opt-out covering A's other number" },
    );

    const ofB = uniqueNumber();
    await claimAddress(database.db, { tenantId: b.id, address: ofB });
    const fromB = await send(b, ofB, 'From another business');
    expect(fromB.status).toBe(201);
    await eventually(
      async () => (await b.call<MessageResource>('GET', `/api/v1/messages/${fromB.body.id}`)).body,
      hasBeenSent,
      { what: "tenant B's message sent", timeoutMs: 30_000 },
    );
  });

  it("quiet hours hold a marketing text until they end in the recipient's zone; a transactional one goes at once", async () => {
    const c = await createTenantWithKey(database.db, {
      gateway: stack.url('gateway'),
      secretKey: SECRET_KEY,
      label: 'consent-quiet',
    });
    const from = uniqueNumber();
    // A window that began a minute ago and ends at the next whole minute (or the one after, when
    // this one is nearly over) on the recipient's clock.
    const now = new Date();
    const zone = recipientTimeZone(theirNumber)!;
    const [hour, minute] = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(now)
      .split(':')
      .map(Number) as [number, number];
    const local = hour * 60 + minute;
    const end = (local + (now.getUTCSeconds() < 45 ? 1 : 2)) % 1440;
    await setConsentSettings(database.db, c.id, {
      quietHours: { start: (local + 1439) % 1440, end },
    });

    const marketing = await send(c, from, 'Our spring sale starts now');
    expect(marketing.status).toBe(201);
    expect(marketing.body).toMatchObject({ status: 'queued', category: 'marketing' });
    const held = await eventually(
      async () =>
        (await c.call<MessageEventList>('GET', `/api/v1/messages/${marketing.body.id}/events`)).body
          .data,
      (events) => events.some((e) => e.provider_status === 'held'),
      { what: 'the held event', timeoutMs: 30_000 },
    );
    expect(held.at(-1)).toMatchObject({
      status: 'queued',
      provider_status: 'held',
      error_message: expect.stringMatching(/^held for the tenant's quiet hours until /),
    });

    // A one-time code to another recipient (another conversation) is not held.
    const code = await c.call<MessageResource>('POST', '/api/v1/messages/send', {
      from,
      to: uniqueNumber(),
      body: 'Your code is 123456',
      category: 'transactional',
    });
    expect(code.status).toBe(201);
    await eventually(
      async () => (await c.call<MessageResource>('GET', `/api/v1/messages/${code.body.id}`)).body,
      hasBeenSent,
      { what: 'the transactional text sent at once', timeoutMs: 30_000 },
    );
    expect(
      (await c.call<MessageResource>('GET', `/api/v1/messages/${marketing.body.id}`)).body.status,
    ).toBe('queued');
    expect(await receivedByThem()).toEqual([]);

    // Once the window is over on the recipient's clock, the held text goes.
    await eventually(
      async () =>
        (await c.call<MessageResource>('GET', `/api/v1/messages/${marketing.body.id}`)).body,
      hasBeenSent,
      { what: 'the held text sent after quiet hours', timeoutMs: 150_000 },
    );
    expect((await receivedByThem()).map((m) => m.body)).toEqual(['Our spring sale starts now']);
  }, 240_000);
});
