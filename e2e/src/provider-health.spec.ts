import type {
  ChannelProviderHealth,
  MessageResource,
  ProviderHealthResource,
} from '@switchboard/contracts';
import {
  createTestDatabase,
  eventually,
  startStack,
  type Stack,
  type TestDatabase,
} from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

/**
 * `GET /api/v1/providers/health` over two sms-dispatcher replicas and one email-dispatcher (no
 * voice-dispatcher): what each replica reports reaches the gateway, several replicas are merged,
 * and a replica that falls silent is forgotten.
 */
describe('provider health from the dispatchers, through the gateway', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  let database: TestDatabase;

  beforeAll(async () => {
    // A database of its own: nothing other suites left queued goes through these providers.
    database = await createTestDatabase();
    stack = await startStack({
      only: [
        'provider-sandbox',
        'conversation-service',
        'sms-dispatcher',
        'email-dispatcher',
        'gateway',
      ],
      replicas: { 'sms-dispatcher': 2 },
      env: {
        DATABASE_URL: database.url,
        // Reports twice a second: a silent replica is forgotten after 1.5 s.
        PROVIDER_HEALTH_INTERVAL_MS: '500',
        // An open circuit stays open for the whole test.
        CIRCUIT_RESET_MS: '120000',
        STATUS_CALLBACKS: 'false',
        SANDBOX_CALLBACKS: 'false',
      },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  }, 180_000);
  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults').catch(() => undefined);
    await stack?.stop();
    await database?.drop();
  });

  const health = async () => {
    const res = await api<ProviderHealthResource>(gateway, 'GET', '/api/v1/providers/health');
    expect(res.status).toBe(200);
    return res.body;
  };
  const channel = (h: ProviderHealthResource, name: ChannelProviderHealth['channel']) =>
    h.channels.find((c) => c.channel === name)!;
  const untilSms = (what: string, ok: (sms: ChannelProviderHealth) => boolean) =>
    eventually(health, (h) => ok(channel(h, 'sms')), { what, timeoutMs: 30_000 }).then((h) =>
      channel(h, 'sms'),
    );

  it('answers every channel: the replicas that report, their providers in order, closed', async () => {
    const h = await eventually(
      health,
      (b) => channel(b, 'sms').replicas === 2 && channel(b, 'email').replicas === 1,
      { what: 'both sms-dispatchers and the email-dispatcher reported', timeoutMs: 30_000 },
    );
    expect(h.channels.map((c) => c.channel)).toEqual(['sms', 'email', 'voice']);
    expect(channel(h, 'sms').providers.map((p) => [p.name, p.circuit, p.circuits])).toEqual([
      ['twilio', 'closed', { closed: 2, half_open: 0, open: 0 }],
      ['telnyx', 'closed', { closed: 2, half_open: 0, open: 0 }],
    ]);
    expect(channel(h, 'email').providers.map((p) => p.name)).toEqual(['sendgrid', 'smtp']);
    // No voice-dispatcher runs: nothing is made up for its channel.
    expect(channel(h, 'voice')).toEqual({
      channel: 'voice',
      replicas: 0,
      reported_at: null,
      providers: [],
    });

    // With its validator, for clients that poll it (the console does).
    const res = await fetch(`${gateway}/api/v1/providers/health`);
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    await res.body?.cancel();
  });

  it('shows the primary open on the replica that saw it fail, and the secondary carrying the traffic first', async () => {
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'twilio',
      mode: 'error',
      status: 500,
    });
    // Each message fails over to telnyx; twilio fails once per message on whichever replica
    // took it: with five messages, one replica sees at least three failures and opens.
    for (let i = 0; i < 5; i += 1) {
      const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        from: '+15551234567',
        to: uniquePhone(),
        body: `health ${i}`,
      });
      expect(sent.status).toBe(201);
      await eventually(
        async () =>
          (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${sent.body.id}`)).body,
        (m) => m.status === 'sent',
        { what: `message ${i} sent through the secondary`, timeoutMs: 30_000 },
      );
    }
    const sms = await untilSms("the primary's circuit open", (c) =>
      c.providers.some((p) => p.name === 'twilio' && p.circuit === 'open'),
    );
    const [first, last] = sms.providers;
    expect(first).toMatchObject({ name: 'telnyx', circuit: 'closed', error_rate: 0 });
    // Calls are counted over the breakers' 10 s window, as the replicas last reported them: on a
    // slow run the first sends may have left the window already.
    expect(first!.calls).toBeGreaterThanOrEqual(1);
    expect(first!.mean_latency_ms).toEqual(expect.any(Number));
    expect(last).toMatchObject({ name: 'twilio', circuit: 'open', error_rate: 1 });
    expect(last!.circuits.open).toBeGreaterThanOrEqual(1);
    expect(last!.circuits.open + last!.circuits.half_open + last!.circuits.closed).toBe(2);
    expect(last!.calls).toBeGreaterThanOrEqual(3);
  });

  it('forgets a replica that stops reporting, and counts it again once it is back', async () => {
    const victim = stack.replicas['sms-dispatcher'][0]!;
    await victim.stop('SIGKILL');
    await untilSms('the killed replica forgotten', (c) => c.replicas === 1);
    await stack.restartReplica('sms-dispatcher', 0);
    await untilSms('the restarted replica reporting', (c) => c.replicas === 2);
  });
});
