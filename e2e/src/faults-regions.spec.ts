import type { MessagePage, MessageResource } from '@switchboard/contracts';
import { createDb, sql, type Db } from '@switchboard/db';
import { connectNats } from '@switchboard/messaging';
import {
  eventually,
  freePort,
  sandboxMessages,
  startPrivatePostgres,
  startPrivateRedis,
  startPrivateReplica,
  startStack,
  type PrivatePostgres,
  type PrivateRedis,
  type PrivateReplica,
  type Stack,
} from '@switchboard/testing';
import { api, request, uniquePhone, type ApiResponse } from './api-client';
import { scrapeMetrics, total } from './support/prometheus-scrape';

const OUR_NUMBER = '+15551234567';

/**
 * Fault test: two regions on loopback, as docs/DEPLOYMENT.md ("Multi-region") lays them out. Each
 * region has its own NATS server (its streams), its own Redis and its own services; both write
 * to one PostgreSQL primary and read listings from a streaming replica. The provider is global
 * (one provider-sandbox) and posts every status callback to region B's webhook-ingest — region
 * A runs none — the way a provider-console webhook reaches whichever region a global hostname
 * routes it to. What a user would notice: a message sent in one region is delivered and
 * readable in the other; losing a region's NATS loses neither the other region's traffic nor
 * the lost region's accepted messages, and sends nothing twice.
 */
describe('two regions: one database, a NATS server and Redis each', () => {
  let primary: PrivatePostgres | undefined;
  let replica: PrivateReplica | undefined;
  let redisB: PrivateRedis | undefined;
  let regionA: Stack | undefined;
  let regionB: Stack | undefined;
  let database: Db | undefined;
  let gatewayA: string;
  let gatewayB: string;
  let sandbox: string;

  beforeAll(async () => {
    primary = await startPrivatePostgres();
    replica = await startPrivateReplica(primary.url);
    redisB = await startPrivateRedis();
    database = createDb({ url: primary.url, poolMax: 2 });
    const ingestB = await freePort();
    const shared = {
      DATABASE_URL: primary.url,
      DATABASE_REPLICA_URL: replica.url,
      REPLICA_CHECK_INTERVAL_MS: '200',
      // Twilio only: its signed status callbacks carry the message to `delivered`.
      SMS_PROVIDERS: 'twilio',
      RATE_LIMIT_ENABLED: 'false',
      // Queued messages are not re-driven during the test: a lost region's messages wait for it.
      STUCK_MESSAGE_AFTER_MS: '600000',
      LOG_LEVEL: 'warn',
    };
    regionA = await startStack({
      only: ['provider-sandbox', 'conversation-service', 'sms-dispatcher', 'gateway'],
      env: { ...shared, PUBLIC_BASE_URL: `http://127.0.0.1:${ingestB}` },
    });
    sandbox = regionA.url('provider-sandbox');
    regionB = await startStack({
      only: ['conversation-service', 'sms-dispatcher', 'webhook-ingest', 'gateway'],
      ports: { 'webhook-ingest': ingestB },
      callbacksTo: 'webhook-ingest',
      env: { ...shared, REDIS_URL: redisB.url, TWILIO_BASE_URL: sandbox },
    });
    gatewayA = regionA.url('gateway');
    gatewayB = regionB.url('gateway');
  }, 120_000);
  afterAll(async () => {
    await regionB?.stop();
    await regionA?.stop();
    await database?.close();
    await redisB?.stop();
    await replica?.destroy();
    await primary?.destroy();
  });

  const send = (gateway: string, to: string, headers: Record<string, string> = {}) =>
    request<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      body: { from: OUR_NUMBER, to, body: `Hello ${to}` },
      headers,
    });
  const accepted = (answer: ApiResponse<MessageResource>) => {
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const message = async (gateway: string, id: string) =>
    (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body;
  const deliveredThrough = (gateway: string, id: string) =>
    eventually(
      () => message(gateway, id),
      (m) => m.status === 'delivered',
      { what: `message ${id} delivered`, timeoutMs: 30_000 },
    );
  const providerCopies = async (to: string) => (await sandboxMessages(sandbox, { to })).length;

  it('delivers a message sent in region A through callbacks that arrive in region B, and region B reads it', async () => {
    const to = uniquePhone();
    const sent = accepted(await send(gatewayA, to));
    // The send's answer and a read by id come from the primary: region B sees it at once.
    expect((await message(gatewayB, sent.id)).id).toBe(sent.id);

    const delivered = await deliveredThrough(gatewayB, sent.id);
    expect(delivered.conversation_id).toBe(sent.conversation_id);
    // The conversation's listing is read from the replica, which catches up.
    const listed = await eventually(
      async () =>
        (
          await api<MessagePage>(
            gatewayB,
            'GET',
            `/api/v1/conversations/${sent.conversation_id}/messages`,
          )
        ).body.data,
      (data) => data.length === 1 && data[0]!.status === 'delivered',
      { what: 'the delivered message listed in region B' },
    );
    expect(listed.map((m) => m.id)).toEqual([sent.id]);
    expect(await providerCopies(to)).toBe(1);
    // And the replica is what region B's listings read (while it keeps up, which it does here).
    const bMetrics = async () =>
      (await scrapeMetrics(regionB!.url('conversation-service'))).families;
    const readFromReplica = await eventually(
      async () => {
        await api(gatewayB, 'GET', `/api/v1/conversations/${sent.conversation_id}/messages`);
        const families = await bMetrics();
        return {
          inUse: total(families, 'db_replica_in_use'),
          reads: total(families, 'db_stale_reads_total', { target: 'replica' }),
        };
      },
      (m) => m.inUse === 1 && m.reads > 0,
      { what: 'region B reading listings from the replica' },
    );
    expect(readFromReplica.reads).toBeGreaterThan(0);
  });

  it('keeps region B sending while region A’s NATS is down, and sends region A’s queued messages once when it returns', async () => {
    const a = regionA!;
    const b = regionB!;
    // Region A's relay publishes (B's conversation-service is down for the moment) into A's
    // DISPATCH, whose dispatcher is down: A's messages are accepted and wait in A's stream.
    await b.apps['conversation-service'].stop();
    await a.apps['sms-dispatcher'].stop();
    const queuedInA = [uniquePhone(), uniquePhone(), uniquePhone()];
    const sentInA = [];
    for (const to of queuedInA) sentInA.push(accepted(await send(gatewayA, to)));
    await eventually(
      async () =>
        (await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(database!.db))
          .rows[0]!.n,
      (n) => n === 0,
      { what: 'region A relayed its messages' },
    );

    // Region A's NATS goes; region B comes back whole and serves its own clients.
    await a.nats.stop();
    await b.restart('conversation-service');
    const sentInB = [];
    for (const to of [uniquePhone(), uniquePhone(), uniquePhone()]) {
      sentInB.push(accepted(await send(gatewayB, to)));
    }
    for (const m of sentInB) await deliveredThrough(gatewayB, m.id);

    // A client of region A is told to retry; its retry in region B is accepted, and delivered.
    const retried = uniquePhone();
    const key = { 'Idempotency-Key': `regions-${retried}` };
    const refused = await send(gatewayA, retried, key);
    expect(refused.status).toBe(503);
    const retriedInB = accepted(await send(gatewayB, retried, key));
    await deliveredThrough(gatewayB, retriedInB.id);

    // Region A's accepted messages have not left: still queued, read through region B.
    for (const m of sentInA) expect((await message(gatewayB, m.id)).status).toBe('queued');
    for (const to of queuedInA) expect(await providerCopies(to)).toBe(0);

    // Region A returns: its queued messages are sent, once each.
    await a.nats.restart();
    await a.restart('sms-dispatcher');
    for (const m of sentInA) await deliveredThrough(gatewayB, m.id);

    // The same retry through region A again (its Redis never saw the key): the message the
    // database holds under that key, not a second one.
    const again = await send(gatewayA, retried, key);
    expect([200, 201]).toContain(again.status);
    expect(again.body.id).toBe(retriedInB.id);

    const everyone = [...queuedInA, ...sentInB.map((m) => m.to), retried];
    const copies = await Promise.all(everyone.map(providerCopies));
    expect(copies).toEqual(everyone.map(() => 1));
  });

  it('moves region A’s queued messages to region B after STUCK_MESSAGE_AFTER_MS when A stays down, and A sends none of them again when it returns', async () => {
    const a = regionA!;
    const b = regionB!;
    await b.apps['conversation-service'].stop();
    await a.apps['sms-dispatcher'].stop();
    const queuedInA = [uniquePhone(), uniquePhone(), uniquePhone()];
    const sentInA = [];
    for (const to of queuedInA) sentInA.push(accepted(await send(gatewayA, to)));
    await eventually(
      async () =>
        (await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(database!.db))
          .rows[0]!.n,
      (n) => n === 0,
      { what: 'region A relayed its messages' },
    );

    // Region A's NATS goes and stays down; region B's sweeper re-drives what has been queued too
    // long, and region B's relay and dispatcher send it.
    await a.nats.stop();
    await b.restart('conversation-service', {
      STUCK_MESSAGE_AFTER_MS: '2000',
      STUCK_SWEEP_INTERVAL_MS: '500',
    });
    for (const m of sentInA) await deliveredThrough(gatewayB, m.id);

    // Region A returns with its copies of the commands still in its stream: its dispatcher
    // consumes them all and, the dispatch ledger being global, sends none of them again.
    await a.nats.restart();
    await a.restart('sms-dispatcher');
    const admin = await connectNats({
      url: a.nats.url,
      name: 'regions-spec',
      ...a.nats.credentials.admin!,
    });
    try {
      await eventually(
        () => admin.jsm.consumers.info('DISPATCH', 'sms-dispatcher'),
        (info) =>
          info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq > 0,
        { what: 'region A’s dispatcher consumed its stream', timeoutMs: 30_000 },
      );
    } finally {
      await admin.close();
    }
    for (const m of sentInA) expect((await message(gatewayB, m.id)).status).toBe('delivered');
    expect(await Promise.all(queuedInA.map(providerCopies))).toEqual([1, 1, 1]);
  });
});
