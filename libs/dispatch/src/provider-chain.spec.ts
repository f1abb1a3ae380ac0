import type { ChannelSender, DispatchCommand, ProviderFailure } from '@switchboard/contracts';
import { ProviderChain } from './provider-chain';

const command = { message_id: '01a21c43-e04d-77cc-97ae-1d07b0f7316a' } as DispatchCommand;

class FakeProvider implements ChannelSender {
  calls = 0;
  constructor(
    readonly name: string,
    public behaviour: 'ok' | 'retryable' | 'permanent',
    private readonly retryAfterMs?: number,
  ) {}
  async send() {
    this.calls += 1;
    if (this.behaviour === 'ok')
      return { provider: this.name, providerMessageId: `${this.name}-${this.calls}` };
    throw new Error(this.behaviour);
  }
  classify(err: unknown): ProviderFailure {
    const retryable = (err as Error).message === 'retryable';
    return {
      provider: this.name,
      retryable,
      code: retryable ? '500' : '21211',
      message: (err as Error).message,
      ...(this.retryAfterMs ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

describe('ProviderChain', () => {
  const chains: ProviderChain[] = [];
  const chainOf = (...args: ConstructorParameters<typeof ProviderChain>) => {
    const chain = new ProviderChain(...args);
    chains.push(chain);
    return chain;
  };
  afterAll(() => chains.forEach((c) => c.shutdown()));

  it('uses the first provider while it works', async () => {
    const a = new FakeProvider('a', 'ok');
    const b = new FakeProvider('b', 'ok');
    const outcome = await chainOf([a, b]).send(command);
    expect(outcome).toMatchObject({ kind: 'sent', result: { provider: 'a' }, failovers: 0 });
    expect(b.calls).toBe(0);
  });

  it('fails over to the next provider on a retryable error and reports the failover', async () => {
    const a = new FakeProvider('a', 'retryable');
    const b = new FakeProvider('b', 'ok');
    const failovers: string[] = [];
    const outcome = await chainOf(
      [a, b],
      {},
      { onFailover: (from, to) => failovers.push(`${from}->${to}`) },
    ).send(command);
    expect(outcome).toMatchObject({ kind: 'sent', result: { provider: 'b' }, failovers: 1 });
    expect(failovers).toEqual(['a->b']);
  });

  it('stops at a permanent error: no other provider is tried', async () => {
    const a = new FakeProvider('a', 'permanent');
    const b = new FakeProvider('b', 'ok');
    const outcome = await chainOf([a, b]).send(command);
    expect(outcome).toMatchObject({ kind: 'permanent', failure: { provider: 'a', code: '21211' } });
    expect(b.calls).toBe(0);
  });

  it('reports every failure and the longest Retry-After when all providers fail', async () => {
    const outcome = await chainOf([
      new FakeProvider('a', 'retryable', 2_000),
      new FakeProvider('b', 'retryable', 500),
    ]).send(command);
    expect(outcome).toMatchObject({ kind: 'retryable', retryAfterMs: 2_000 });
    expect(outcome.kind === 'retryable' && outcome.failures.map((f) => f.provider)).toEqual([
      'a',
      'b',
    ]);
  });

  it("opens a failing provider's circuit and stops calling it, while the next one carries the traffic", async () => {
    const a = new FakeProvider('a', 'retryable');
    const b = new FakeProvider('b', 'ok');
    const chain = chainOf([a, b], { volumeThreshold: 3, resetTimeoutMs: 60_000, demoteForMs: 1 });
    for (let i = 0; i < 5; i += 1) await chain.send(command);
    expect(chain.circuits().a).toBe('open');
    const callsWhenOpen = a.calls;
    for (let i = 0; i < 5; i += 1)
      expect(await chain.send(command)).toMatchObject({ kind: 'sent', result: { provider: 'b' } });
    expect(a.calls).toBe(callsWhenOpen);
    expect(chain.order()).toEqual(['b', 'a']);
  });

  it('asks the next round to wait for the trial call when every circuit is open', async () => {
    let now = 1_000_000;
    const a = new FakeProvider('a', 'retryable');
    const b = new FakeProvider('b', 'retryable');
    const chain = chainOf([a, b], { volumeThreshold: 3, resetTimeoutMs: 10_000, now: () => now });
    for (let i = 0; i < 3; i += 1) await chain.send(command);
    expect(chain.circuits()).toEqual({ a: 'open', b: 'open' });
    const calls = a.calls + b.calls;
    now += 4_000;
    const outcome = await chain.send(command);
    // Neither provider was called; the earlier round would fail again until the circuits rest.
    expect(a.calls + b.calls).toBe(calls);
    expect(outcome).toMatchObject({ kind: 'retryable', retryAfterMs: 6_000 });
    expect(outcome.kind === 'retryable' && outcome.failures.map((f) => f.code)).toEqual([
      'circuit_open',
      'circuit_open',
    ]);
  });

  it('reports each provider in the order of the next send, with its circuit, calls and error rate', async () => {
    const a = new FakeProvider('a', 'retryable');
    const b = new FakeProvider('b', 'ok');
    const c = new FakeProvider('c', 'ok');
    const chain = chainOf([a, b, c], { volumeThreshold: 3, resetTimeoutMs: 60_000 });
    expect(chain.health().map((p) => [p.name, p.circuit, p.calls, p.error_rate])).toEqual([
      ['a', 'closed', 0, null],
      ['b', 'closed', 0, null],
      ['c', 'closed', 0, null],
    ]);
    for (let i = 0; i < 3; i += 1) await chain.send(command);
    b.behaviour = 'permanent';
    await chain.send(command);
    const health = chain.health();
    // The open circuit goes last; a permanent refusal is a call, not a failure of the provider.
    expect(health.map((p) => [p.name, p.position, p.circuit, p.calls, p.error_rate])).toEqual([
      ['b', 1, 'closed', 4, 0],
      ['c', 2, 'closed', 0, null],
      ['a', 0, 'open', 3, 1],
    ]);
    expect(health[0]!.mean_latency_ms).toEqual(expect.any(Number));
    expect(health[1]!.mean_latency_ms).toBeNull();
  });

  it("does not count permanent errors against a provider's health", async () => {
    const a = new FakeProvider('a', 'permanent');
    const chain = chainOf([a, new FakeProvider('b', 'ok')], { volumeThreshold: 2 });
    for (let i = 0; i < 6; i += 1) await chain.send(command);
    expect(chain.circuits().a).toBe('closed');
    expect(chain.order()).toEqual(['a', 'b']);
  });

  it('demotes a provider that keeps failing for a while, then restores its configured place', async () => {
    let now = 1_000_000;
    const a = new FakeProvider('a', 'retryable');
    const chain = chainOf([a, new FakeProvider('b', 'ok')], {
      volumeThreshold: 1_000,
      demoteForMs: 30_000,
      now: () => now,
    });
    for (let i = 0; i < 4; i += 1) await chain.send(command);
    expect(chain.order()).toEqual(['b', 'a']);
    now += 30_001;
    a.behaviour = 'ok';
    expect(chain.order()).toEqual(['a', 'b']);
    expect(await chain.send(command)).toMatchObject({ kind: 'sent', result: { provider: 'a' } });
  });

  it('demotes a slow provider', async () => {
    let now = 0;
    const slow: ChannelSender = {
      name: 'slow',
      send: async () => {
        now += 6_000;
        return { provider: 'slow', providerMessageId: 'x' };
      },
      classify: () => ({ provider: 'slow', retryable: true, code: null, message: '' }),
    };
    const chain = chainOf([slow, new FakeProvider('b', 'ok')], {
      slowCallMs: 5_000,
      demoteForMs: 10_000,
      now: () => now,
    });
    await chain.send(command);
    expect(chain.order()).toEqual(['b', 'slow']);
  });
});
