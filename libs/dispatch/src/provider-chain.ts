import CircuitBreaker from 'opossum';
import type {
  OutgoingFile,
  ChannelSender,
  CircuitState,
  DispatchCommand,
  ProviderFailure,
  ProviderHealthEntry,
  SendResult,
} from '@switchboard/contracts';

export interface ProviderChainOptions {
  /** Failures (percent of recent calls) that open a provider's circuit. */
  errorThresholdPercentage?: number;
  /** Calls in the rolling window before the circuit may open. */
  volumeThreshold?: number;
  /** How long an open circuit rests before a trial call. */
  resetTimeoutMs?: number;
  /** A provider this slow on average is moved behind the others for a while. */
  slowCallMs?: number;
  /** How long a failing or slow provider stays demoted before its configured place is restored. */
  demoteForMs?: number;
  now?: () => number;
}

export type ChainOutcome =
  | { kind: 'sent'; result: SendResult; failovers: number; failures: ProviderFailure[] }
  | { kind: 'permanent'; failure: ProviderFailure; failures: ProviderFailure[] }
  | { kind: 'retryable'; failures: ProviderFailure[]; retryAfterMs: number };

export interface ChainObserver {
  onCall?(
    provider: string,
    outcome: 'sent' | 'retryable' | 'permanent' | 'rejected',
    seconds: number,
  ): void;
  onCircuit?(provider: string, state: 'open' | 'half_open' | 'closed'): void;
  onFailover?(from: string, to: string): void;
}

interface ProviderState {
  provider: ChannelSender;
  index: number;
  breaker: CircuitBreaker<[DispatchCommand, (readonly OutgoingFile[])?], SendResult>;
  /** Exponentially weighted failure rate (0..1) and latency (ms). */
  failureRate: number;
  latencyMs: number;
  demotedUntil: number;
  /** When the circuit last opened: its trial call is due `resetTimeoutMs` later. */
  openedAt: number;
}

const EWMA = 0.2;
const FAILURE_DEMOTION = 0.5;

const circuitOf = (s: ProviderState): CircuitState =>
  s.breaker.opened ? 'open' : s.breaker.halfOpen ? 'half_open' : 'closed';

/** Whether the breaker itself refused the call (open circuit, shut down), not the provider. */
const isBreakerRejection = (err: unknown): err is Error =>
  err instanceof Error && CircuitBreaker.isOurError(err);

/**
 * The providers of one channel in their configured order, each behind its own circuit breaker.
 * A send walks the order: a permanent error stops there (no other provider will do better); a
 * retryable one — 429, 5xx, timeout, connection error, open circuit — fails over to the next.
 * Providers that keep failing or slowing down are moved behind the healthy ones for a while,
 * and get their configured place back once it has passed.
 */
export class ProviderChain {
  private readonly states: ProviderState[];
  private readonly now: () => number;

  constructor(
    providers: readonly ChannelSender[],
    private readonly options: ProviderChainOptions = {},
    private readonly observer: ChainObserver = {},
  ) {
    if (providers.length === 0) throw new Error('a provider chain needs at least one provider');
    this.now = options.now ?? Date.now;
    this.states = providers.map((provider, index) => {
      // What the provider threw reaches us as it was thrown: the breaker only looks at it.
      const breaker = new CircuitBreaker(
        (command: DispatchCommand, files?: readonly OutgoingFile[]) =>
          provider.send(command, files),
        {
          timeout: false, // providers enforce their own request timeouts
          errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
          volumeThreshold: options.volumeThreshold ?? 3,
          resetTimeout: options.resetTimeoutMs ?? 10_000,
          rollingCountTimeout: 10_000,
          // A permanent failure (an invalid number, a refused sender) says nothing of the
          // provider's health: it does not count towards opening its circuit.
          errorFilter: (err: unknown) => !provider.classify(err).retryable,
        },
      );
      breaker.on('open', () => {
        state.openedAt = this.now();
        observer.onCircuit?.(provider.name, 'open');
      });
      breaker.on('halfOpen', () => observer.onCircuit?.(provider.name, 'half_open'));
      breaker.on('close', () => observer.onCircuit?.(provider.name, 'closed'));
      const state: ProviderState = {
        provider,
        index,
        breaker,
        failureRate: 0,
        latencyMs: 0,
        demotedUntil: 0,
        openedAt: 0,
      };
      return state;
    });
  }

  /** Provider names in the order the next send will try them. */
  order(): string[] {
    return this.ordered().map((s) => s.provider.name);
  }

  /** Circuit state per provider. */
  circuits(): Record<string, CircuitState> {
    return Object.fromEntries(this.states.map((s) => [s.provider.name, circuitOf(s)]));
  }

  /**
   * Each provider in the order the next send tries them, with its circuit and what its
   * breaker's rolling window (the last 10 s, the window that opens the circuit) counted: calls
   * that reached the provider, the share that failed retryably, their mean duration.
   */
  health(): ProviderHealthEntry[] {
    const now = this.now();
    return this.ordered().map((s) => {
      const { successes, failures, latencyMean } = s.breaker.stats;
      const calls = successes + failures;
      return {
        name: s.provider.name,
        position: s.index,
        circuit: circuitOf(s),
        calls,
        error_rate: calls > 0 ? failures / calls : null,
        mean_latency_ms: calls > 0 && latencyMean >= 0 ? Math.round(latencyMean) : null,
        demoted: s.demotedUntil > now,
      };
    });
  }

  get providers(): readonly ChannelSender[] {
    return this.states.map((s) => s.provider);
  }

  /** `files`: the command's attachments, stored and scanned clean, when they were resolved. */
  async send(command: DispatchCommand, files?: readonly OutgoingFile[]): Promise<ChainOutcome> {
    const failures: ProviderFailure[] = [];
    const order = this.ordered();
    for (const [position, state] of order.entries()) {
      const next = order[position + 1];
      const started = this.now();
      try {
        const result = await state.breaker.fire(command, files);
        this.record(state, false, this.now() - started);
        this.observer.onCall?.(state.provider.name, 'sent', (this.now() - started) / 1000);
        return { kind: 'sent', result, failovers: position, failures };
      } catch (err) {
        const seconds = (this.now() - started) / 1000;
        const failure = isBreakerRejection(err)
          ? this.rejection(state, err)
          : state.provider.classify(err);
        if (!failure.retryable) {
          this.record(state, false, this.now() - started);
          this.observer.onCall?.(state.provider.name, 'permanent', seconds);
          return { kind: 'permanent', failure, failures: [...failures, failure] };
        }
        const rejected = failure.code === 'circuit_open';
        if (!rejected) this.record(state, true, this.now() - started);
        this.observer.onCall?.(state.provider.name, rejected ? 'rejected' : 'retryable', seconds);
        failures.push(failure);
        if (next) this.observer.onFailover?.(state.provider.name, next.provider.name);
      }
    }
    const retryAfterMs = Math.max(0, ...failures.map((f) => f.retryAfterMs ?? 0));
    return { kind: 'retryable', failures, retryAfterMs };
  }

  /** Stops the breakers' timers. */
  shutdown(): void {
    for (const state of this.states) state.breaker.shutdown();
  }

  /**
   * The breaker turned the call away without calling the provider (its circuit is open). The
   * next round is worth trying once the circuit lets its trial call through, not before: a
   * round spent on closed doors would use up the message's attempts in milliseconds.
   */
  private rejection(state: ProviderState, err: Error): ProviderFailure {
    const opened = state.breaker.opened;
    const resetMs = this.options.resetTimeoutMs ?? 10_000;
    return {
      provider: state.provider.name,
      retryable: true,
      code: opened ? 'circuit_open' : 'provider_error',
      message: opened ? `${state.provider.name} circuit is open` : err.message,
      ...(opened ? { retryAfterMs: Math.max(0, state.openedAt + resetMs - this.now()) } : {}),
    };
  }

  private ordered(): ProviderState[] {
    const now = this.now();
    const penalty = (s: ProviderState) => (s.breaker.opened ? 2 : s.demotedUntil > now ? 1 : 0);
    return [...this.states].sort((a, b) => penalty(a) - penalty(b) || a.index - b.index);
  }

  private record(state: ProviderState, failed: boolean, latencyMs: number): void {
    state.failureRate = state.failureRate * (1 - EWMA) + (failed ? 1 : 0) * EWMA;
    state.latencyMs =
      state.latencyMs === 0 ? latencyMs : state.latencyMs * (1 - EWMA) + latencyMs * EWMA;
    const slow = this.options.slowCallMs !== undefined && state.latencyMs > this.options.slowCallMs;
    if (state.failureRate > FAILURE_DEMOTION || slow) {
      state.demotedUntil = this.now() + (this.options.demoteForMs ?? 30_000);
      // A fresh start once the demotion has passed: it must fail again to be demoted again.
      state.failureRate = 0;
      state.latencyMs = 0;
    }
  }
}
