import {
  exactlyOnceInOrder,
  loadOutcome,
  startMessageLoad,
  type LoadOutcome,
  type Stack,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';

/**
 * Fault test 3: the broker goes away in the middle of a run. What a user would notice: a send may
 * be refused with 503 problem+json while it is away, but every message answered 201 — before,
 * during or after — ends `sent` and reaches the provider exactly once, in its conversation's order.
 */
describe('NATS restarted in the middle of a run', () => {
  let faults: FaultStack | undefined;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    faults = await startFaultStack();
    ({ stack, gateway, sandbox } = faults);
  }, 120_000);
  afterAll(() => faults?.stop());

  /** Runs a load by time around `fault`, and reports what the client and the provider saw. */
  const aroundFault = async (tag: string, fault: () => Promise<void>) => {
    const load = startMessageLoad({
      gateway,
      conversations: 30,
      perConversation: 1_000,
      concurrency: 20,
      tag,
      pauseMs: 50,
    });
    await load.moreAccepted(150);
    await fault();
    await load.moreAccepted(150);
    load.stop();
    return loadOutcome(gateway, sandbox, await load.done);
  };

  /**
   * Refused sends are 503 problem+json, never a 500 or a hang. A refused send may still have been
   * stored (its reply was lost with the broker); it then arrives once, like any other.
   */
  const expectExactlyOnceInOrder = (outcome: LoadOutcome) => {
    const { actual, expected } = exactlyOnceInOrder(outcome);
    expect(actual).toEqual(expected);
  };

  it('loses and duplicates nothing when NATS is restarted (SIGTERM, then start)', async () => {
    expectExactlyOnceInOrder(await aroundFault('restart', () => stack.nats.restart()));
  }, 300_000);

  it('loses and duplicates nothing when NATS crashes (kill -9) and comes back 3 s later', async () => {
    expectExactlyOnceInOrder(
      await aroundFault('crash', async () => {
        await stack.nats.stop('SIGKILL');
        await new Promise((r) => setTimeout(r, 3_000));
        await stack.nats.restart();
      }),
    );
  }, 300_000);
});
