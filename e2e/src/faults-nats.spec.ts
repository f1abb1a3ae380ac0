import {
  checkDeliveries,
  createTestDatabase,
  eventually,
  settledStatuses,
  startMessageLoad,
  startStack,
  type LoadMessage,
  type Stack,
  type TestDatabase,
} from '@switchboard/testing';

/**
 * Fault test 3: the broker goes away in the middle of a run. What a user would notice: a send may
 * be refused with 503 while it is away, but every message answered 201 — before, during or after
 * — ends `sent` and reaches the provider exactly once, in its conversation's order.
 */
describe('NATS restarted in the middle of a run', () => {
  let database: TestDatabase;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({
      env: {
        DATABASE_URL: database.url,
        DISPATCH_LEASE_MS: '5000',
        STUCK_MESSAGE_AFTER_MS: '20000',
        STUCK_SWEEP_INTERVAL_MS: '2000',
        STATUS_CALLBACKS: 'false',
        SANDBOX_CALLBACKS: 'false',
        RATE_LIMIT_ENABLED: 'false',
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

  /** Runs a load by time around `fault`, and checks what the client and the provider saw. */
  const aroundFault = async (tag: string, fault: () => Promise<void>) => {
    const load = startMessageLoad({
      gateway,
      conversations: 30,
      perConversation: 1_000,
      concurrency: 20,
      tag,
      pauseMs: 50,
    });
    const acceptedAtLeast = (n: number) =>
      eventually(
        async () => load.accepted(),
        (accepted) => accepted >= n,
        { what: `${n} messages accepted`, timeoutMs: 120_000, intervalMs: 100 },
      );
    await acceptedAtLeast(150);
    await fault();
    await acceptedAtLeast(load.accepted() + 150);
    load.stop();
    return load.done;
  };

  const expectExactlyOnceInOrder = async (messages: LoadMessage[]) => {
    const accepted = messages.filter((m) => m.status === 201);
    // Refused sends are 503 problem+json, never a 500 or a hang.
    expect(messages.filter((m) => m.status !== 201 && m.status !== 503)).toEqual([]);
    expect(await settledStatuses(gateway, messages, 120_000)).toEqual({ sent: accepted.length });
    const report = await checkDeliveries(sandbox, messages);
    expect(report).toMatchObject({
      missing: [],
      duplicated: [],
      outOfOrder: [],
      received: accepted.length + report.unacknowledgedDelivered.length,
    });
  };

  it('loses and duplicates nothing when NATS is restarted (SIGTERM, then start)', async () => {
    const messages = await aroundFault('restart', () => stack.nats.restart());
    await expectExactlyOnceInOrder(messages);
  }, 300_000);

  it('loses and duplicates nothing when NATS crashes (kill -9) and comes back 3 s later', async () => {
    const messages = await aroundFault('crash', async () => {
      await stack.nats.stop('SIGKILL');
      await new Promise((r) => setTimeout(r, 3_000));
      await stack.nats.restart();
    });
    await expectExactlyOnceInOrder(messages);
  }, 300_000);
});
