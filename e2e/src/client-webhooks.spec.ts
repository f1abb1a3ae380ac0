import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  ClientEvent,
  type MessageResource,
  type WebhookDeliveryPage,
  type WebhookEndpointWithSecret,
} from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { claimAddress } from '@switchboard/tenancy';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from './api-client';
import { startWebhookReceiver, type ReceivedHook } from './support/webhook-receiver';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

/** How long a delivery may take end to end on a busy machine (CI runs suites side by side). */
const SETTLE_MS = 30_000;

const SECRET_KEY = `e2e-client-webhooks-${'k'.repeat(40)}`;

/** The event a hook carried, after checking its Standard Webhooks signature with `secret`. */
const verified = (hook: ReceivedHook, secret: string): ClientEvent =>
  ClientEvent.parse(new Webhook(secret).verify(hook.body, hook.headers));
const eventOf = (hook: ReceivedHook) => ClientEvent.parse(JSON.parse(hook.body));

describe('events to client apps: signed webhooks (full stack)', () => {
  let stack: Stack;
  let database: Db;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let a: TenantFixture;
  let b: TenantFixture;
  const numberOfA = uniqueNumber();
  const numberOfB = uniqueNumber();

  const register = async (tenant: TenantFixture, path: string, events: string[] = ['*']) => {
    const res = await tenant.call<WebhookEndpointWithSecret>('POST', '/api/v1/webhook-endpoints', {
      url: receiver.url(path),
      events,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const send = async (tenant: TenantFixture, from: string, to = uniqueNumber()) => {
    const res = await tenant.call<MessageResource>('POST', '/api/v1/messages/send', {
      from,
      to,
      body: `Hello ${randomBytes(3).toString('hex')}`,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    stack = await startStack({
      env: {
        AUTH_MODE: 'required',
        // Twilio only: the status steps come from Twilio's callbacks, which a failover to the
        // second provider would not produce.
        SMS_PROVIDERS: 'twilio',
        SECRET_KEY,
        AUTH_CACHE_TTL_MS: '0',
        WEBHOOK_RETRY_SCHEDULE_MS: '300,300,300,300',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_POLL_MS: '100',
      },
    });
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'hooks-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'hooks-b' });
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });
    await claimAddress(database.db, { tenantId: b.id, address: numberOfB });
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await stack?.stop();
    await receiver?.close();
  });

  it('delivers message.received for an inbound SMS, signed', async () => {
    const endpoint = await register(a, '/a/received', ['message.received']);
    const customer = uniqueNumber();
    const reply = await request<{ delivered: boolean }>(
      stack.url('provider-sandbox'),
      'POST',
      '/sandbox/inbound',
      { body: { channel: 'sms', from: customer, to: numberOfA, body: 'Is my order ready?' } },
    );
    expect(reply.body.delivered).toBe(true);
    const [hook] = await eventually(
      async () => receiver.at('/a/received'),
      (hooks) => hooks.length > 0,
      { what: 'message.received at the endpoint', timeoutMs: SETTLE_MS },
    );
    const event = verified(hook!, endpoint.secret);
    expect(hook!.headers['webhook-id']).toBe(event.id);
    expect(event).toMatchObject({
      type: 'message.received',
      tenant_id: a.id,
      data: { message: { from: customer, to: numberOfA, body: 'Is my order ready?' } },
    });
  });

  it('delivers message.status for each step of an outbound SMS, in order, signed', async () => {
    const endpoint = await register(a, '/a/status', ['message.status']);
    const message = await send(a, numberOfA);
    const statuses = async () =>
      receiver
        .at('/a/status')
        .map((hook) => verified(hook, endpoint.secret))
        .filter((e) => e.type === 'message.status' && e.data.message.id === message.id)
        .map((e) => (e.type === 'message.status' ? e.data.status : null));
    expect(
      await eventually(statuses, (s) => s.includes('delivered'), {
        what: 'delivered',
        timeoutMs: SETTLE_MS,
      }),
    ).toEqual(['sending', 'sent', 'delivered']);
  });

  let flaky: WebhookEndpointWithSecret;

  it('retries with backoff: 500 three times, then 200 is delivered on the fourth attempt', async () => {
    flaky = await register(a, '/a/flaky', ['conversation.created']);
    receiver.respond('/a/flaky', (_hook, count) => ({ status: count <= 3 ? 500 : 200 }));
    await send(a, numberOfA);
    await eventually(
      async () => receiver.at('/a/flaky'),
      (hooks) => hooks.length >= 4,
      { what: 'four attempts', timeoutMs: SETTLE_MS },
    );
    const hooks = receiver.at('/a/flaky');
    // Every attempt carries the same event id: receivers deduplicate by it.
    expect(new Set(hooks.map((h) => h.headers['webhook-id'])).size).toBe(1);
    const delivery = await eventually(
      () =>
        database.db
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('event_id', '=', hooks[0]!.headers['webhook-id']!)
          .executeTakeFirstOrThrow(),
      (d) => d.status === 'delivered',
    );
    expect(delivery.attempts).toBe(4);
    const attempts = await database.db
      .selectFrom('webhook_attempts')
      .select(['status_code', 'response_body', 'duration_ms'])
      .where('delivery_id', '=', delivery.id)
      .orderBy('id')
      .execute();
    expect(attempts.map((x) => x.status_code)).toEqual([500, 500, 500, 200]);
    expect(attempts.map((x) => x.response_body)).toEqual([
      'answer 1',
      'answer 2',
      'answer 3',
      'answer 4',
    ]);
    // Backed off between attempts.
    for (let i = 1; i < hooks.length; i += 1) {
      expect(hooks[i]!.at - hooks[i - 1]!.at).toBeGreaterThanOrEqual(250);
    }
  });

  it('shows every attempt in the delivery log; retry and replay send again', async () => {
    const log = `/api/v1/webhook-endpoints/${flaky.id}/deliveries`;
    const page = await a.call<WebhookDeliveryPage>('GET', `${log}?status=delivered`);
    expect(page.status).toBe(200);
    const [delivery] = page.body.data;
    expect(delivery!.attempts.map((x) => x.status_code)).toEqual([500, 500, 500, 200]);
    expect(delivery!.attempt_count).toBe(4);
    expect((await a.call<WebhookDeliveryPage>('GET', `${log}?status=failed`)).body.data).toEqual(
      [],
    );
    expect((await b.call('GET', log)).status).toBe(404);

    const sent = receiver.at('/a/flaky').length;
    const retried = await a.call('POST', `${log}/${delivery!.id}/retry`);
    expect(retried.status).toBe(202);
    await eventually(
      async () => receiver.at('/a/flaky').length,
      (n) => n === sent + 1,
      { what: 'the retried delivery', timeoutMs: SETTLE_MS },
    );
    const replayed = await a.call<{ queued: number }>(
      'POST',
      `/api/v1/webhook-endpoints/${flaky.id}/replay`,
      { since: new Date(Date.now() - 3_600_000).toISOString() },
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body.queued).toBe(1);
    await eventually(
      async () => receiver.at('/a/flaky').length,
      (n) => n === sent + 2,
      { what: 'the replayed delivery', timeoutMs: SETTLE_MS },
    );
    const again = await a.call<WebhookDeliveryPage>('GET', log);
    expect(again.body.data[0]!.attempts.map((x) => x.status_code)).toEqual([
      500, 500, 500, 200, 200, 200,
    ]);
  });

  it("a dead endpoint does not delay another tenant's deliveries or message dispatch", async () => {
    await register(b, '/b/dead');
    receiver.respond('/b/dead', () => ({ status: 200, delayMs: 30_000 }));
    // B's endpoint now hangs on every event B's messages raise.
    await Promise.all([1, 2, 3].map(() => send(b, numberOfB)));
    await eventually(
      async () => receiver.at('/b/dead'),
      (hooks) => hooks.length > 0,
    );
    const started = Date.now();
    await register(a, '/a/live', ['message.status']);
    const message = await send(a, numberOfA);
    await eventually(
      async () =>
        receiver
          .at('/a/live')
          .map(eventOf)
          .filter((e) => e.type === 'message.status' && e.data.status === 'sent'),
      (sent) => sent.some((e) => e.type === 'message.status' && e.data.message.id === message.id),
      { timeoutMs: 10_000, what: "A's sent event while B's endpoint hangs" },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('signs with both secrets during a rotation grace period', async () => {
    const endpoint = await register(a, '/a/rotating', ['message.status']);
    const rotated = await a.call<WebhookEndpointWithSecret>(
      'POST',
      `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`,
      { grace_seconds: 600 },
    );
    await send(a, numberOfA);
    const [hook] = await eventually(
      async () => receiver.at('/a/rotating'),
      (hooks) => hooks.length > 0,
    );
    expect(hook!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verified(hook!, rotated.body.secret).id).toBe(verified(hook!, endpoint.secret).id);
  });

  it("a tenant's endpoints never receive another tenant's events", async () => {
    await send(b, numberOfB);
    await eventually(
      async () => receiver.at('/b/dead'),
      (hooks) => hooks.length > 0,
    );
    const paths = ['/a/received', '/a/status', '/a/flaky', '/a/live', '/a/rotating'];
    const ofA = paths.flatMap((p) => receiver.at(p)).map(eventOf);
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofA.every((e) => e.tenant_id === a.id)).toBe(true);
    expect(
      receiver
        .at('/b/dead')
        .map(eventOf)
        .every((e) => e.tenant_id === b.id),
    ).toBe(true);
  });
});
