import {
  checkDeliveries,
  createTestDatabase,
  eventually,
  sandboxMessages,
  settledStatuses,
  startMessageLoad,
  startStack,
  type Stack,
  type TestDatabase,
} from '@switchboard/testing';

const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Fault test 2 (a dispatcher killed mid-run) and graceful shutdown (rolling restarts under load).
 * What a user would notice: a message the API accepted reaches the provider exactly once, the
 * messages of one conversation arrive in the order they were accepted, and every one ends `sent`.
 */
describe('dispatcher crash and rolling restarts under load', () => {
  let database: TestDatabase;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({
      env: {
        DATABASE_URL: database.url,
        // A killed dispatcher's leases and unacknowledged deliveries are taken over after 5 s.
        DISPATCH_LEASE_MS: '5000',
        STUCK_MESSAGE_AFTER_MS: '30000',
        STUCK_SWEEP_INTERVAL_MS: '5000',
        STATUS_CALLBACKS: 'false',
        SANDBOX_CALLBACKS: 'false',
        // The load comes from one client; the gateway's rate limit is another suite's subject.
        RATE_LIMIT_ENABLED: 'false',
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        LOG_LEVEL: 'warn',
      },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  const receivedCount = async () => (await sandboxMessages(sandbox)).length;

  it('delivers 1,000 messages over 50 conversations exactly once and in order although the sms-dispatcher is killed (-9) halfway', async () => {
    const before = await receivedCount();
    const load = startMessageLoad({
      gateway,
      conversations: 50,
      perConversation: 20,
      concurrency: 20,
      tag: 'crash',
    });

    // Halfway: once the provider has received about 40 %, the dispatcher dies without warning.
    const atKill = await eventually(
      async () => (await receivedCount()) - before,
      (n) => n >= 400,
      { what: '40 % at the provider', timeoutMs: 120_000, intervalMs: 200 },
    );
    const killed = stack.apps['sms-dispatcher'];
    await killed.stop('SIGKILL');
    expect(killed.process.signalCode).toBe('SIGKILL');
    await stack.restart('sms-dispatcher');

    const messages = await load.done;
    expect(messages.filter((m) => m.status !== 201)).toEqual([]);
    expect(atKill).toBeLessThan(messages.length);

    expect(await settledStatuses(gateway, messages, 180_000)).toEqual({ sent: 1000 });
    const report = await checkDeliveries(sandbox, messages);
    expect(report).toMatchObject({ missing: [], duplicated: [], outOfOrder: [], received: 1000 });
  }, 300_000);

  it('loses and duplicates nothing across rolling restarts (SIGTERM, then start) of conversation-service and the sms-dispatcher', async () => {
    const load = startMessageLoad({
      gateway,
      conversations: 30,
      perConversation: 1_000,
      concurrency: 20,
      tag: 'rolling',
      pauseMs: 100,
    });
    const acceptedAtLeast = (n: number) =>
      eventually(
        async () => load.accepted(),
        (accepted) => accepted >= n,
        {
          what: `${n} messages accepted`,
          timeoutMs: 120_000,
          intervalMs: 100,
        },
      );

    const rolling = async (app: 'conversation-service' | 'sms-dispatcher') => {
      const running = stack.apps[app];
      const code = await running.stop('SIGTERM');
      // runService exits 1 when the graceful stop overruns SHUTDOWN_TIMEOUT_MS: 0 means in time.
      expect({ app, code, signal: running.process.signalCode }).toEqual({
        app,
        code: 0,
        signal: null,
      });
      await stack.restart(app);
    };

    await acceptedAtLeast(100);
    await rolling('conversation-service');
    await acceptedAtLeast(load.accepted() + 100);
    await rolling('sms-dispatcher');
    await acceptedAtLeast(load.accepted() + 100);
    load.stop();
    const messages = await load.done;

    // While conversation-service restarts the API answers 503 (no replica to take the send):
    // those were never accepted and are not counted. Everything answered 201 must arrive.
    const accepted = messages.filter((m) => m.status === 201);
    expect(messages.filter((m) => m.status !== 201 && m.status !== 503)).toEqual([]);
    expect(await settledStatuses(gateway, messages, 180_000)).toEqual({ sent: accepted.length });
    const report = await checkDeliveries(sandbox, messages);
    expect(report).toMatchObject({
      missing: [],
      duplicated: [],
      outOfOrder: [],
      received: accepted.length + report.unacknowledgedDelivered.length,
    });
  }, 300_000);
});
