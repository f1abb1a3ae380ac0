import {
  Subjects,
  type Channel,
  type ProviderHealthEntry,
  type ProviderHealthReport,
} from '@switchboard/contracts';
import { encodeJson, type NatsConnection } from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';

export interface ProviderHealthReporterDeps {
  nc: Pick<NatsConnection, 'publish'>;
  channel: Channel;
  /** This replica: reports of one instance replace each other, those of several add up. */
  instance: string;
  intervalMs: number;
  /** The chain's providers in the order of its next send (`ProviderChain.health`). */
  health: () => ProviderHealthEntry[];
  log: Logger;
  now?: () => Date;
}

export interface ProviderHealthReporter {
  start(): void;
  /** Publishes at once (a circuit changed), coalescing changes made in the same tick. */
  reportSoon(): void;
  stop(): void;
}

/**
 * Publishes this dispatcher replica's view of its providers on `providerhealth.<channel>`
 * (core NATS, fire and forget) every `intervalMs` and as soon as a circuit changes. The gateway
 * keeps the latest report of each replica and forgets one that fell silent for three intervals.
 */
export function createProviderHealthReporter(
  deps: ProviderHealthReporterDeps,
): ProviderHealthReporter {
  const now = deps.now ?? (() => new Date());
  const subject = Subjects.providerHealth(deps.channel);
  let timer: ReturnType<typeof setInterval> | undefined;
  let pending = false;
  let stopped = false;

  const report = () => {
    pending = false;
    if (stopped) return;
    const body: ProviderHealthReport = {
      channel: deps.channel,
      instance: deps.instance,
      interval_ms: deps.intervalMs,
      reported_at: now().toISOString(),
      providers: deps.health(),
    };
    try {
      deps.nc.publish(subject, encodeJson(body));
    } catch (err) {
      // A closed or reconnecting connection: the next interval reports again.
      deps.log.debug({ err }, 'provider health not published');
    }
  };

  return {
    start() {
      stopped = false;
      report();
      timer = setInterval(report, deps.intervalMs);
      timer.unref();
    },
    reportSoon() {
      if (pending || stopped) return;
      pending = true;
      // After the breaker has finished changing state: its event is emitted mid-change.
      setImmediate(report);
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
