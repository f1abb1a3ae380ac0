import { randomUUID } from 'node:crypto';
import { connectNats, observeNats, type Nats, type NatsUser } from '@switchboard/messaging';
import { createMetrics } from '@switchboard/observability';
import type { MessagePage, MessageResource } from '@switchboard/contracts';
import {
  APP_NAMES,
  eventually,
  freePort,
  startPrivateNats,
  startStack,
  type PrivateNats,
  type Stack,
} from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

/**
 * NATS is a trust boundary: every service connects with its own user, and the server lets each
 * publish and subscribe only where the architecture needs it. A stolen gateway credential can
 * neither send SMS/email (dispatch.*) nor forge status or inbound events, nor read other
 * services' traffic.
 */
let server: PrivateNats;
let admin: Nats;
const open: Nats[] = [];

type User = NatsUser;

interface Violation {
  operation: string;
  subject: string;
}

/** Connects as `user` and records every permissions violation the server reports to it. */
async function connectAs(user: User): Promise<{ nats: Nats; violations: Violation[] }> {
  const nats = await connectNats({
    url: server.url,
    name: `permissions-test-${user}`,
    ...server.credentials[user],
  });
  open.push(nats);
  const violations: Violation[] = [];
  void (async () => {
    for await (const status of nats.nc.status()) {
      if (status.type !== 'error') continue;
      const err = status.error as { name?: string; operation?: string; subject?: string };
      if (err.name === 'PermissionViolationError') {
        violations.push({ operation: err.operation ?? '', subject: err.subject ?? '' });
      }
    }
  })();
  return { nats, violations };
}

/**
 * Publishes `subject` as `user`, then a marker the same user may publish; the admin watches
 * both. Messages of one connection arrive in order, so once the marker is in, whatever the
 * first publish delivered is in too.
 */
async function tryPublish(user: User, subject: string, marker: string) {
  const seen: string[] = [];
  const record = (_err: Error | null, m: { subject: string }) => {
    seen.push(m.subject);
  };
  const watch = admin.nc.subscribe(subject, { callback: record });
  const watchMarker = admin.nc.subscribe(marker, { callback: record });
  await admin.nc.flush();
  const { nats, violations } = await connectAs(user);
  nats.nc.publish(subject, 'forged');
  nats.nc.publish(marker, 'marker');
  await nats.nc.flush();
  await eventually(
    async () => seen,
    (s) => s.includes(marker),
    { what: `the ${marker} marker from ${user}` },
  );
  watch.unsubscribe();
  watchMarker.unsubscribe();
  return { delivered: seen.filter((s) => s === subject), violations };
}

beforeAll(async () => {
  server = await startPrivateNats(await freePort());
  admin = await connectNats({
    url: server.url,
    name: 'permissions-test-admin',
    ...server.credentials.admin,
  });
  open.push(admin);
});

afterAll(async () => {
  await Promise.all(open.map((n) => n.close()));
  await server?.destroy();
});

describe('NATS permissions', () => {
  it.each([
    ['gateway', 'dispatch.sms.0', 'rpc.conversation.marker'],
    ['gateway', 'dispatch.email.3', 'rpc.conversation.marker'],
    ['gateway', 'events.status.0', 'rpc.conversation.marker'],
    ['gateway', 'events.inbound.0', 'rpc.conversation.marker'],
    ['conversation-service', 'events.inbound.0', 'dispatch.sms.1'],
    ['conversation-service', 'events.status.0', 'dispatch.sms.1'],
    ['sms-dispatcher', 'dispatch.sms.0', 'events.status.1'],
    ['sms-dispatcher', 'events.inbound.0', 'events.status.1'],
    ['sms-dispatcher', 'rpc.conversation.get-message', 'events.status.1'],
    ['webhook-ingest', 'dispatch.sms.0', 'events.status.1'],
    ['webhook-ingest', 'rpc.conversation.get-message', 'events.status.1'],
    // The gateway reads client events through consumers of its own, never the dispatcher's.
    [
      'gateway',
      '$JS.API.CONSUMER.MSG.NEXT.CLIENT_EVENTS.webhook-dispatcher',
      'rpc.conversation.marker',
    ],
    [
      'gateway',
      '$JS.API.CONSUMER.DELETE.CLIENT_EVENTS.webhook-dispatcher',
      'rpc.conversation.marker',
    ],
    ['gateway', '$JS.API.CONSUMER.CREATE.EVENTS.gateway-events_1', 'rpc.conversation.marker'],
  ] as const)('refuses %s a publish to %s', async (user, subject, marker) => {
    const { delivered, violations } = await tryPublish(user, subject, marker);
    expect(delivered).toEqual([]);
    await eventually(
      async () => violations,
      (v) => v.some((x) => x.operation === 'publish' && x.subject === subject),
      { what: `a publish violation for ${subject}` },
    );
    // The server logs what it refused (the stack test below relies on it).
    await eventually(
      async () => server.log(),
      (log) => log.includes('Publish Violation') && log.includes(`Subject "${subject}"`),
      { what: `the server logging the refused ${subject}` },
    );
  });

  it.each([
    ['gateway', 'rpc.conversation.send-message'],
    ['conversation-service', 'dispatch.sms.2'],
    ['sms-dispatcher', 'events.status.2'],
    ['email-dispatcher', 'deadletter.email'],
    ['webhook-ingest', 'events.inbound.2'],
    ['voice-dispatcher', 'deadletter.voice'],
    ['conversation-service', 'dispatch.voice.2'],
  ] as const)('lets %s publish %s, which it needs', async (user, subject) => {
    const marker = subject;
    const { delivered, violations } = await tryPublish(user, subject, marker);
    expect(delivered.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it.each([
    ['gateway', 'dispatch.>'],
    ['gateway', 'rpc.conversation.*'],
    ['gateway', '_INBOX.>'],
    ['gateway', 'events.>'],
    ['sms-dispatcher', 'rpc.conversation.get-message'],
    ['webhook-ingest', '_INBOX.gateway.>'],
  ] as const)('refuses %s a subscription to %s', async (user, subject) => {
    const { nats, violations } = await connectAs(user);
    nats.nc.subscribe(subject, { callback: () => undefined });
    await nats.nc.flush();
    await eventually(
      async () => violations,
      (v) => v.some((x) => x.operation === 'subscription' && x.subject === subject),
      { what: `a subscription violation for ${subject}` },
    );
  });

  it("counts what the server refused in the service's metrics, so a missing permission shows", async () => {
    const { nats } = await connectAs('gateway');
    const metrics = createMetrics('gateway');
    observeNats(nats, metrics.registry);
    nats.nc.publish('dispatch.sms.0', 'forged');
    await nats.nc.flush();
    await eventually(
      () => metrics.registry.metrics(),
      (text) => /^nats_permission_violations_total\{[^}]*operation="publish"[^}]*\} 1$/m.test(text),
      { what: 'nats_permission_violations_total{operation="publish"} 1' },
    );
  });

  it('refuses a connection without credentials or with a wrong password', async () => {
    await expect(connectNats({ url: server.url, name: 'anonymous' })).rejects.toThrow(
      /authorization/i,
    );
    await expect(
      connectNats({ url: server.url, name: 'guess', user: 'gateway', password: 'guess' }),
    ).rejects.toThrow(/authorization/i);
  });
});

/**
 * The permission table is complete: the whole stack, each service as its own user, carries an
 * SMS and an email out, their status callbacks and the replies back in, and reports its
 * JetStream metrics, without the server refusing a single publish or subscription.
 */
describe('every service within its permissions', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('runs a full round trip on SMS and email with no permissions violation', async () => {
    const gateway = stack.url('gateway');
    const sandbox = stack.url('provider-sandbox');
    const trips = [
      { type: 'sms', from: '+15551234567', to: uniquePhone() },
      { type: 'email', from: 'desk@switchboard.test', to: `${randomUUID()}@example.com` },
    ] as const;
    for (const trip of trips) {
      const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        ...trip,
        ...(trip.type === 'email' ? { subject: 'Hello' } : {}),
        body: 'Hello',
      });
      expect(accepted.status).toBe(201);
      const delivered = await eventually(
        async () =>
          (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
        (m) => m.status === 'delivered',
        { what: `${trip.type} delivered`, timeoutMs: 60_000 },
      );
      const reply = await api<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
        channel: trip.type,
        from: trip.to,
        to: trip.from,
        ...(trip.type === 'email' ? { subject: 'Re: Hello' } : {}),
        body: 'Thanks',
      });
      expect(reply.body.delivered).toBe(true);
      await eventually(
        async () =>
          (
            await api<MessagePage>(
              gateway,
              'GET',
              `/api/v1/conversations/${delivered.conversation_id}/messages`,
            )
          ).body.data.length,
        (n) => n === 2,
        { what: `${trip.type} reply threaded`, timeoutMs: 60_000 },
      );
    }
    // The metrics read consumer and stream state through the JetStream API.
    for (const app of APP_NAMES.filter((a) => a !== 'provider-sandbox')) {
      const metrics = await (await fetch(`${stack.url(app)}/metrics`)).text();
      expect(metrics).toMatch(/^nats_connected(\{[^}]*\})? 1$/m);
    }
    const dispatcherMetrics = await (await fetch(`${stack.url('sms-dispatcher')}/metrics`)).text();
    expect(dispatcherMetrics).toMatch(/jetstream_consumer_pending_messages\{[^}]*sms-dispatcher/);

    expect(stack.nats.log()).not.toMatch(/violation/i);
  });
});
