import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ClientEvent, Subjects } from '@switchboard/contracts';
import { problemHandler } from '@switchboard/http';
import {
  connectNats,
  encodeJson,
  ensureStreams,
  publishMessage,
  type Nats,
} from '@switchboard/messaging';
import { createLogger, createMetrics } from '@switchboard/observability';
import { closeRedis, createRedisClient, type Redis } from '@switchboard/service';
import {
  eventually,
  freePort,
  readEventStream,
  startPrivateNats,
  type PrivateNats,
} from '@switchboard/testing';
import { createEventStreams, type EventStreams } from '../src/event-stream/event-streams';

// The event streams against real NATS (the permission table enforced: the streams read as the
// gateway's own NATS user) and the shared Redis; events are published as conversation-service
// would, and read back over HTTP as a client reads them.

const log = createLogger({ service: 'gateway-test', level: 'silent' });

/** A client of the test app's stream, as `tenant` (the stand-in authentication's header). */
const connect = (base: string, tenant: string, query = '', lastEventId?: string) =>
  readEventStream(`${base}/stream${query}`, {
    'x-test-tenant': tenant,
    ...(lastEventId !== undefined ? { 'last-event-id': lastEventId } : {}),
  });

describe('event streams (NATS JetStream, Redis)', () => {
  let server: PrivateNats;
  let admin: Nats;
  let gatewayNats: Nats;
  let redis: Redis;
  let streams: EventStreams;
  let http: Server;
  let base: string;
  const metrics = createMetrics('gateway-test');
  const open: Array<{ close(): void }> = [];
  const tenantA = `tenant-a-${randomUUID()}`;
  const tenantB = `tenant-b-${randomUUID()}`;
  const conversation = randomUUID();

  /** A `message.status` event of `tenant` (the message itself is a minimal snapshot). */
  const publish = async (tenant: string, status: string, conversationId = conversation) => {
    const event = {
      id: `evt_${randomUUID()}`,
      type: 'message.status',
      created_at: new Date().toISOString(),
      tenant_id: tenant,
      data: {
        status,
        provider: 'twilio',
        provider_code: null,
        provider_message: null,
        occurred_at: new Date().toISOString(),
        message: {
          id: randomUUID(),
          conversation_id: conversationId,
          direction: 'outbound',
          type: 'sms',
          from: '+15550001111',
          to: '+15550002222',
          subject: null,
          body: 'hi',
          attachments: [],
          metadata: null,
          category: 'marketing',
          status,
          provider: 'twilio',
          provider_message_id: null,
          encoding: null,
          segments: null,
          error_code: null,
          error_message: null,
          voice: null,
          answered_by: null,
          duration_seconds: null,
          timestamp: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        },
      },
    };
    await publishMessage(
      admin.js,
      Subjects.clientEvent(tenant, 'message.status'),
      // Parsed first: a fixture the contract refuses would be skipped by the stream.
      encodeJson(ClientEvent.parse(event)),
      { msgId: event.id },
    );
    return event.id;
  };
  const stream = async (
    ...args: Parameters<typeof connect> extends [string, ...infer R] ? R : never
  ) => {
    const client = await connect(base, ...args);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startPrivateNats(await freePort());
    admin = await connectNats({ url: server.url, name: 'test-admin', ...server.credentials.admin });
    await ensureStreams(admin.jsm);
    gatewayNats = await connectNats({
      url: server.url,
      name: 'gateway',
      ...server.credentials.gateway,
    });
    redis = createRedisClient({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', log });
    await once(redis, 'ready');
    streams = createEventStreams({
      nats: gatewayNats,
      redis,
      log,
      metrics,
      maxPerTenant: 2,
      heartbeatMs: 300,
    });
    const app = express();
    app.get('/stream', async (req, res) => {
      const types = typeof req.query['types'] === 'string' ? req.query['types'] : undefined;
      const conversationId = req.query['conversation_id'];
      const last = req.get('last-event-id');
      await streams.serve(req, res, {
        tenantId: req.get('x-test-tenant')!,
        ...(types ? { types: types.split(',') as ClientEvent['type'][] } : {}),
        ...(typeof conversationId === 'string' ? { conversationId } : {}),
        ...(last !== undefined ? { afterSeq: Number(last) } : {}),
      });
    });
    app.use(problemHandler(log));
    http = app.listen(0, '127.0.0.1');
    await once(http, 'listening');
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }, 60_000);

  afterEach(async () => {
    for (const client of open.splice(0)) client.close();
    // The server counts the closed streams out before the next test opens its own.
    await eventually(
      async () =>
        (await metrics.registry.getSingleMetric('event_streams_open')?.get())?.values[0]?.value,
      (count) => count === 0,
      { what: 'every stream counted out' },
    );
  });

  afterAll(async () => {
    await streams?.close();
    await new Promise((resolve) => http?.close(resolve));
    await closeRedis(redis);
    await gatewayNats?.close();
    await admin?.close();
    await server?.destroy();
  });

  it("sends the tenant's events live with increasing ids, and heartbeats", async () => {
    const live = await stream(tenantA);
    expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const ids = [await publish(tenantA, 'sending'), await publish(tenantA, 'sent')];
    await eventually(
      async () => live.events,
      (f) => f.length === 2,
      { what: 'two events' },
    );
    expect(live.events.map((f) => f.event.id)).toEqual(ids);
    expect(Number(live.events[1]!.id)).toBeGreaterThan(Number(live.events[0]!.id));
    await eventually(
      async () => live.comments,
      (c) => c.some((x) => x.startsWith('heartbeat')),
      { what: 'a heartbeat' },
    );
  });

  it('resumes after Last-Event-ID exactly: the events missed, none twice', async () => {
    const first = await stream(tenantA);
    const before = await publish(tenantA, 'sending');
    await eventually(
      async () => first.events,
      (f) => f.length === 1,
    );
    first.close();
    const missed = [await publish(tenantA, 'sent'), await publish(tenantA, 'delivered')];
    const resumed = await stream(tenantA, '', first.events[0]!.id);
    const later = await publish(tenantA, 'read');
    await eventually(
      async () => resumed.events,
      (f) => f.length >= 3,
      { what: 'the missed events, then the live one' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(first.events.map((f) => f.event.id)).toEqual([before]);
    expect(resumed.events.map((f) => f.event.id)).toEqual([...missed, later]);
  });

  it("never sends another tenant's events, even replaying the whole history", async () => {
    await publish(tenantA, 'sending');
    const own = await publish(tenantB, 'sending');
    const history = await stream(tenantB, '', '0');
    await eventually(
      async () => history.events,
      (f) => f.some((x) => x.event.id === own),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(history.events.every((f) => f.event.tenant_id === tenantB)).toBe(true);
    // Two more streams for B (at most two at once): the history's place is given back first.
    history.close();
    const foreign = await eventually(
      async () => {
        const client = await stream(tenantB, `?conversation_id=${conversation}`, '0');
        if (client.status !== 200) client.close();
        return client;
      },
      (client) => client.status === 200,
      { what: "a stream of B's conversation" },
    );
    const other = await stream(tenantB, `?conversation_id=${randomUUID()}`, '0');
    expect(other.status).toBe(200);
    // B's own events of that conversation id (same id, B's events) only.
    await eventually(
      async () => foreign.events,
      (f) => f.some((x) => x.event.id === own),
      { what: "B's event on the conversation's stream" },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(foreign.events.every((f) => f.event.tenant_id === tenantB)).toBe(true);
    expect(other.events).toEqual([]);
  });

  it('filters by type, one or several', async () => {
    const onlyReceived = await stream(tenantA, '?types=message.received');
    const either = await stream(tenantA, '?types=conversation.created,message.status');
    const id = await publish(tenantA, 'sent');
    await eventually(
      async () => either.events,
      (f) => f.length === 1,
      { what: 'the status on the stream asking for it' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(either.events.map((f) => f.event.id)).toEqual([id]);
    expect(onlyReceived.events).toEqual([]);
  });

  it('refuses a stream beyond the per-tenant limit with 429, and frees it on close', async () => {
    const one = await stream(tenantA);
    await stream(tenantA);
    const third = await stream(tenantA);
    expect(third.status).toBe(429);
    expect(third.headers.get('content-type')).toContain('application/problem+json');
    expect((await stream(tenantB)).status).toBe(200);
    one.close();
    await eventually(
      async () => {
        const again = await connect(base, tenantA);
        open.push(again);
        return again.status;
      },
      (status) => status === 200,
      { what: 'a stream once one closed' },
    );
  });

  it('ends every open stream on close(), and removes their consumers', async () => {
    const live = await stream(tenantA);
    await streams.close();
    await eventually(
      async () => live.ended(),
      (ended) => ended,
      { what: 'the stream ended' },
    );
    const consumers = await admin.jsm.consumers.list('CLIENT_EVENTS').next();
    expect(consumers.filter((c) => c.name.startsWith('gateway-events'))).toEqual([]);
  });
});
