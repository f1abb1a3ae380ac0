import {
  eventually,
  exactlyOnceInOrder,
  loadOutcome,
  sandboxMessages,
  startMessageLoad,
  type AppName,
  type LoadMessage,
  type RunningApp,
  type Stack,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { scrapeMetrics, total } from './support/prometheus-scrape';

/** The services a rolling restart goes through, one replica at a time. */
const ROLLED = ['conversation-service', 'sms-dispatcher'] as const;

/** Half the conversations SMS, half email. */
const mixed = (conversation: number) => (conversation % 2 === 0 ? 'sms' : 'email');

/**
 * Fault test 6: the guarantees hold with two replicas of conversation-service and of each
 * dispatcher sharing the partitions — a replica killed mid-run, replicas restarted one at a time,
 * the broker restarted. What a user would notice: every accepted message reaches the provider
 * exactly once, in its conversation's order, and ends `sent`; a rolling restart refuses nothing.
 */
describe('two replicas of conversation-service and of each dispatcher', () => {
  let faults: FaultStack | undefined;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    faults = await startFaultStack({
      replicas: { 'conversation-service': 2, 'sms-dispatcher': 2, 'email-dispatcher': 2 },
    });
    ({ stack, gateway, sandbox } = faults);
  }, 120_000);
  afterAll(() => faults?.stop());

  const processesOf = (app: AppName): RunningApp[] => [stack.apps[app], ...stack.replicas[app]];
  /** A counter summed over the samples matching `labels`, per process of `app`. */
  const perProcess = async (app: AppName, name: string, labels: Record<string, string> = {}) =>
    Promise.all(
      processesOf(app).map(async (p) => total((await scrapeMetrics(p.url)).families, name, labels)),
    );

  const expectExactlyOnceInOrder = async (messages: LoadMessage[]) => {
    const { actual, expected } = exactlyOnceInOrder(await loadOutcome(gateway, sandbox, messages));
    expect(actual).toEqual(expected);
  };

  it('delivers a mixed load of 400 messages over 40 conversations exactly once and in order although an sms-dispatcher replica is killed (-9) midway', async () => {
    const before = (await sandboxMessages(sandbox)).length;
    const load = startMessageLoad({
      gateway,
      conversations: 40,
      perConversation: 10,
      concurrency: 20,
      channelOf: mixed,
      tag: 'replicas',
    });
    await eventually(
      async () => (await sandboxMessages(sandbox)).length - before,
      (n) => n >= 160,
      { what: '40 % at the provider', timeoutMs: 120_000, intervalMs: 200 },
    );
    const victim = stack.replicas['sms-dispatcher'][0]!;
    await victim.stop('SIGKILL');
    expect(victim.process.signalCode).toBe('SIGKILL');
    await stack.restartReplica('sms-dispatcher', 0);

    const messages = await load.done;
    expect(messages.filter((m) => m.status !== 201)).toEqual([]);
    await expectExactlyOnceInOrder(messages);

    // The work really was shared: both conversation-services stored sends, and both email
    // dispatchers (neither was killed) handed messages to the provider.
    for (const accepted of await perProcess('conversation-service', 'messages_accepted_total', {
      direction: 'outbound',
    })) {
      expect(accepted).toBeGreaterThan(0);
    }
    for (const sent of await perProcess('email-dispatcher', 'dispatch_outcomes_total', {
      outcome: 'sent',
    })) {
      expect(sent).toBeGreaterThan(0);
    }
  }, 300_000);

  it('refuses nothing and loses or duplicates nothing while conversation-service and the sms-dispatcher are restarted one replica at a time (SIGTERM, then start)', async () => {
    const load = startMessageLoad({
      gateway,
      conversations: 30,
      perConversation: 1_000,
      concurrency: 20,
      channelOf: mixed,
      tag: 'rolling',
      pauseMs: 100,
    });
    const exits: { app: AppName; instance: number; code: number | null }[] = [];
    for (const app of ROLLED) {
      for (const instance of [0, 1]) {
        await load.moreAccepted(40);
        const running = processesOf(app)[instance]!;
        // runService exits 1 when the graceful stop overruns SHUTDOWN_TIMEOUT_MS: 0 means in time.
        exits.push({ app, instance, code: await running.stop('SIGTERM') });
        if (instance === 0) await stack.restart(app);
        else await stack.restartReplica(app, 0);
      }
    }
    await load.moreAccepted(40);
    load.stop();
    const messages = await load.done;

    expect(exits.filter((e) => e.code !== 0)).toEqual([]);
    // With another replica serving, no send is refused while one restarts.
    expect(messages.filter((m) => m.status !== 201)).toEqual([]);
    await expectExactlyOnceInOrder(messages);
  }, 300_000);

  it('loses and duplicates nothing when NATS is restarted under a mixed load', async () => {
    const load = startMessageLoad({
      gateway,
      conversations: 30,
      perConversation: 1_000,
      concurrency: 20,
      channelOf: mixed,
      tag: 'nats',
      pauseMs: 50,
    });
    await load.moreAccepted(120);
    await stack.nats.restart();
    await load.moreAccepted(120);
    load.stop();
    await expectExactlyOnceInOrder(await load.done);
  }, 300_000);
});
