import {
  eventually,
  exactlyOnceInOrder,
  loadOutcome,
  sandboxMessages,
  startMessageLoad,
  type Stack,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';

/**
 * Fault test 2 (a dispatcher killed mid-run) and graceful shutdown (rolling restarts under load).
 * What a user would notice: a message the API accepted reaches the provider exactly once, the
 * messages of one conversation arrive in the order they were accepted, and every one ends `sent`.
 */
describe('dispatcher crash and rolling restarts under load', () => {
  let faults: FaultStack | undefined;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    faults = await startFaultStack({
      env: { STUCK_MESSAGE_AFTER_MS: '30000', STUCK_SWEEP_INTERVAL_MS: '5000' },
    });
    ({ stack, gateway, sandbox } = faults);
  }, 120_000);
  afterAll(() => faults?.stop());

  it('delivers 1,000 messages over 50 conversations exactly once and in order although the sms-dispatcher is killed (-9) halfway', async () => {
    const before = (await sandboxMessages(sandbox)).length;
    const load = startMessageLoad({
      gateway,
      conversations: 50,
      perConversation: 20,
      concurrency: 20,
      tag: 'crash',
    });

    // Halfway: once the provider has received about 40 %, the dispatcher dies without warning.
    const atKill = await eventually(
      async () => (await sandboxMessages(sandbox)).length - before,
      (n) => n >= 400,
      { what: '40 % at the provider', timeoutMs: 120_000, intervalMs: 200 },
    );
    const killed = stack.apps['sms-dispatcher'];
    await killed.stop('SIGKILL');
    expect(killed.process.signalCode).toBe('SIGKILL');
    await stack.restart('sms-dispatcher');

    const messages = await load.done;
    expect(atKill).toBeLessThan(messages.length);
    const outcome = await loadOutcome(gateway, sandbox, messages, 180_000);
    expect({ accepted: outcome.accepted, received: outcome.received }).toEqual({
      accepted: 1000,
      received: 1000,
    });
    const { actual, expected } = exactlyOnceInOrder(outcome);
    expect(actual).toEqual(expected);
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
    const exits: { app: string; code: number | null }[] = [];
    for (const app of ['conversation-service', 'sms-dispatcher'] as const) {
      await load.moreAccepted(100);
      // runService exits 1 when the graceful stop overruns SHUTDOWN_TIMEOUT_MS: 0 means in time.
      exits.push({ app, code: await stack.apps[app].stop('SIGTERM') });
      await stack.restart(app);
    }
    await load.moreAccepted(100);
    load.stop();
    const outcome = await loadOutcome(gateway, sandbox, await load.done, 180_000);

    expect(exits).toEqual([
      { app: 'conversation-service', code: 0 },
      { app: 'sms-dispatcher', code: 0 },
    ]);
    // While the only conversation-service restarts, sends are refused with 503 problem+json
    // (try again): never accepted, not counted. Everything answered 201 must arrive, once.
    const { actual, expected } = exactlyOnceInOrder(outcome);
    expect(actual).toEqual(expected);
  }, 300_000);
});
