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
import {
  openEventStream,
  type EventStreamClient,
  type StreamedEvent,
} from './support/event-stream-client';
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
        // An endpoint failing every attempt for 5 s is disabled (five days in production).
        WEBHOOK_DISABLE_AFTER_MS: '5000',
        EVENT_STREAM_MAX_PER_TENANT: '2',
        EVENT_STREAM_HEARTBEAT_MS: '1000',
      },
    });
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway: stack.url('gateway'), secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'hooks-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'hooks-b' });
    await claimAddress(database.db, { tenantId: a.id, address: numberOfA });
    await claimAddress(database.db, { tenantId: b.id, address: numberOfB });
  }, 180_000);
  const streams: EventStreamClient[] = [];
  /** Opens an event stream as `tenant`; every stream is closed after its test. */
  const stream = async (tenant: TenantFixture, query?: string, lastEventId?: string) => {
    const client = await openEventStream(stack.url('gateway'), {
      key: tenant.key,
      ...(query ? { query } : {}),
      ...(lastEventId !== undefined ? { lastEventId } : {}),
    });
    streams.push(client);
    return client;
  };
  afterEach(async () => {
    for (const client of streams.splice(0)) client.close();
  });

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
    // Its attempt is recorded, and its lease let go, once the answer is back; until then the
    // delivery is in flight, and a replay leaves one in flight alone.
    await eventually(
      async () => (await a.call<WebhookDeliveryPage>('GET', log)).body.data[0]?.attempts.length,
      (n) => n === 5,
      { what: 'the retried attempt recorded', timeoutMs: SETTLE_MS },
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
    const message = await send(a, numberOfA);
    // This message's events only: an earlier test's message can still raise an event between the
    // endpoint's registration and its rotation, signed with the one secret there was then.
    const [hook] = await eventually(
      async () =>
        receiver.at('/a/rotating').filter((h) => {
          const event = eventOf(h);
          return event.type === 'message.status' && event.data.message.id === message.id;
        }),
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

  describe('the live event stream (Server-Sent Events)', () => {
    const statusesOf = (events: StreamedEvent[], messageId: string) =>
      events
        .map((e) => e.event)
        .filter((e) => e.type === 'message.status' && e.data.message.id === messageId)
        .map((e) => (e.type === 'message.status' ? e.data.status : null));

    it('sends an inbound SMS and every status of an outbound one as they happen', async () => {
      const live = await stream(a);
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(live.headers.get('cache-control')).toContain('no-transform');
      expect(live.headers.get('x-accel-buffering')).toBe('no');
      expect(live.headers.get('content-encoding')).toBeNull();

      const customer = uniqueNumber();
      await request(stack.url('provider-sandbox'), 'POST', '/sandbox/inbound', {
        body: { channel: 'sms', from: customer, to: numberOfA, body: 'Streamed in' },
      });
      const message = await send(a, numberOfA);
      const events = await live.waitFor(
        (all) =>
          statusesOf(all, message.id).includes('delivered') &&
          all.some((e) => e.event.type === 'message.received'),
        'the inbound message and the delivered status on the stream',
      );
      const received = events.find((e) => e.event.type === 'message.received')!;
      expect(received.name).toBe('message.received');
      expect(received.event).toMatchObject({
        tenant_id: a.id,
        data: { message: { from: customer, to: numberOfA, body: 'Streamed in' } },
      });
      expect(statusesOf(events, message.id)).toEqual(['sending', 'sent', 'delivered']);
      // Ids are stream positions: increasing, each once.
      const ids = events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(ids.length);
      expect(events.every((e) => e.event.tenant_id === a.id)).toBe(true);
    });

    it('resumes after a reconnect with Last-Event-ID: nothing missed, nothing repeated', async () => {
      const first = await stream(a, 'types=message.status');
      const message = await send(a, numberOfA);
      const sending = (
        await first.waitFor((all) => statusesOf(all, message.id).length > 0, 'the first status')
      ).find((e) => e.event.type === 'message.status' && e.event.data.message.id === message.id);
      // Disconnected after the first event: the client processed that one only (later ones may
      // already be in flight on a fast machine) and resumes from its id.
      first.close();
      const seen = [sending!];
      const lastSeen = sending!;
      await eventually(
        async () => (await a.call<MessageResource>('GET', `/api/v1/messages/${message.id}`)).body,
        (m) => m.status === 'delivered',
        { what: 'delivered', timeoutMs: SETTLE_MS },
      );
      const resumed = await stream(a, 'types=message.status', lastSeen.id);
      const all = [
        ...seen,
        ...(await resumed.waitFor(
          (events) =>
            [...seen.map((e) => e.event), ...events.map((e) => e.event)].some(
              (e) =>
                e.type === 'message.status' &&
                e.data.message.id === message.id &&
                e.data.status === 'delivered',
            ),
          'the statuses missed while disconnected',
        )),
      ];
      expect(sending!.event.type).toBe('message.status');
      expect(statusesOf(all, message.id)).toEqual(['sending', 'sent', 'delivered']);
      const ids = all
        .filter((e) => e.event.type === 'message.status' && e.event.data.message.id === message.id)
        .map((e) => Number(e.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(Number(resumed.events[0]!.id)).toBeGreaterThan(Number(lastSeen.id));
      // Only the types asked for.
      expect(resumed.events.every((e) => e.event.type === 'message.status')).toBe(true);
    });

    it("never shows tenant B another tenant's events, live or replayed from the start", async () => {
      const ofA = await stream(a);
      const liveB = await stream(b);
      const message = await send(a, numberOfA);
      await ofA.waitFor((all) => statusesOf(all, message.id).includes('sent'), "A's own events");
      const ownOfB = await send(b, numberOfB);
      await liveB.waitFor((all) => statusesOf(all, ownOfB.id).includes('sent'), "B's own events");
      // B asking for the whole history, and for A's conversation: B's events only, or none.
      liveB.close();
      const history = await stream(b, undefined, '0');
      await history.waitFor((all) => statusesOf(all, ownOfB.id).includes('sent'), "B's history");
      const foreign = await stream(b, `conversation_id=${message.conversation_id}`, '0');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      for (const client of [liveB, history]) {
        expect(client.events.length).toBeGreaterThan(0);
        expect(client.events.every((e) => e.event.tenant_id === b.id)).toBe(true);
      }
      expect(foreign.events).toEqual([]);
      expect(history.events.some((e) => JSON.stringify(e.event).includes(message.id))).toBe(false);
    });

    it('limits the streams a tenant holds open at once (429), not other tenants', async () => {
      // Streams the tests before closed may take a moment to be counted out.
      const opened = () =>
        eventually(
          () => stream(a),
          (client) => client.status === 200,
          { what: 'a stream of A', timeoutMs: 10_000 },
        );
      await opened();
      const second = await opened();
      const third = await stream(a);
      expect(third.status).toBe(429);
      expect(third.headers.get('content-type')).toContain('application/problem+json');
      expect(third.headers.get('retry-after')).not.toBeNull();
      expect(third.problem).toMatchObject({ status: 429 });
      // Another tenant is not held back by A's streams.
      expect((await stream(b)).status).toBe(200);
      // Closing one frees its place.
      second.close();
      await eventually(
        async () => (await stream(a)).status,
        (status) => status === 200,
        { what: 'a stream after one closed', timeoutMs: 10_000 },
      );
    });

    it('answers a malformed Last-Event-ID with a problem naming it', async () => {
      const bad = await stream(a, undefined, 'evt_123');
      expect(bad.status).toBe(400);
      expect(bad.problem).toMatchObject({ errors: [{ field: 'last-event-id' }] });
      const badType = await stream(a, 'types=message.lost');
      expect(badType.status).toBe(400);
      expect(badType.problem).toMatchObject({ errors: [{ field: 'types' }] });
    });
  });

  it('disables an endpoint whose every attempt failed for longer than the window, with an event', async () => {
    const watcher = await register(a, '/a/watcher', ['webhook_endpoint.disabled']);
    const failing = await register(a, '/a/failing', ['message.status']);
    receiver.respond('/a/failing', () => ({ status: 503 }));
    const live = await stream(a, 'types=webhook_endpoint.disabled');
    // Keep events coming for the endpoint until it has failed for longer than the window.
    const endpoint = await eventually(
      async () => {
        await send(a, numberOfA);
        return (
          await a.call<WebhookEndpointWithSecret>('GET', `/api/v1/webhook-endpoints/${failing.id}`)
        ).body;
      },
      (e) => e.enabled === false,
      { what: 'the failing endpoint disabled', timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(endpoint.disabled_reason).toBe('every attempt failed for more than 5 seconds');
    const [hook] = await eventually(
      async () => receiver.at('/a/watcher'),
      (hooks) => hooks.length > 0,
      { what: 'webhook_endpoint.disabled at another endpoint', timeoutMs: SETTLE_MS },
    );
    const event = verified(hook!, watcher.secret);
    expect(event).toMatchObject({
      type: 'webhook_endpoint.disabled',
      tenant_id: a.id,
      data: { endpoint: { id: failing.id, disabled_reason: endpoint.disabled_reason } },
    });
    const [streamed] = await live.waitFor((all) => all.length > 0, 'the event on the stream');
    expect(streamed!.event.id).toBe(event.id);
    // Exactly one event for it, and no more attempts once disabled.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.at('/a/watcher')).toHaveLength(1);
    const attempts = receiver.at('/a/failing').length;
    await send(a, numberOfA);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.at('/a/failing')).toHaveLength(attempts);
  });
});
