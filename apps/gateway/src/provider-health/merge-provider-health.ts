import {
  CHANNELS,
  type ChannelProviderHealth,
  type CircuitState,
  type ProviderHealth,
  type ProviderHealthReport,
  type ProviderHealthResource,
} from '@switchboard/contracts';

/** How many of its intervals a replica may stay silent before its last report is dropped. */
export const SILENT_INTERVALS = 3;

/** A replica's latest report and when this gateway received it (its own clock: no skew). */
export interface HeardReport {
  report: ProviderHealthReport;
  receivedAtMs: number;
}

interface Tally {
  name: string;
  position: number;
  circuits: Record<CircuitState, number>;
  calls: number;
  failures: number;
  latencyTotalMs: number;
  demoted: boolean;
}

/**
 * One channel's providers over every replica's latest report. A provider's circuit is the worst
 * any replica reports (one replica skipping it matters to the messages that replica sends);
 * calls add up, the error rate and mean latency are over all those calls; it counts as demoted
 * when any replica demoted it. The order is the chain's own rule applied to that: open circuits
 * last, demoted providers behind the healthy ones, otherwise the configured order.
 */
export function mergeChannel(
  channel: ChannelProviderHealth['channel'],
  reports: readonly ProviderHealthReport[],
): ChannelProviderHealth {
  const tallies = new Map<string, Tally>();
  for (const report of reports) {
    for (const p of report.providers) {
      const t = tallies.get(p.name) ?? {
        name: p.name,
        position: p.position,
        circuits: { closed: 0, half_open: 0, open: 0 },
        calls: 0,
        failures: 0,
        latencyTotalMs: 0,
        demoted: false,
      };
      t.position = Math.min(t.position, p.position);
      t.circuits[p.circuit] += 1;
      t.calls += p.calls;
      t.failures += (p.error_rate ?? 0) * p.calls;
      t.latencyTotalMs += (p.mean_latency_ms ?? 0) * p.calls;
      t.demoted ||= p.demoted;
      tallies.set(p.name, t);
    }
  }
  const providers: ProviderHealth[] = [...tallies.values()].map((t) => ({
    name: t.name,
    circuit: t.circuits.open > 0 ? 'open' : t.circuits.half_open > 0 ? 'half_open' : 'closed',
    circuits: t.circuits,
    calls: t.calls,
    error_rate: t.calls > 0 ? Math.round((t.failures / t.calls) * 1000) / 1000 : null,
    mean_latency_ms: t.calls > 0 ? Math.round(t.latencyTotalMs / t.calls) : null,
    demoted: t.demoted,
  }));
  const position = (name: string) => tallies.get(name)!.position;
  const penalty = (p: ProviderHealth) => (p.circuit === 'open' ? 2 : p.demoted ? 1 : 0);
  providers.sort((a, b) => penalty(a) - penalty(b) || position(a.name) - position(b.name));
  const newest =
    reports
      .map((r) => r.reported_at)
      .sort()
      .at(-1) ?? null;
  return { channel, replicas: reports.length, reported_at: newest, providers };
}

/** Whether a replica's report still counts: it has not been silent for too long. */
export const isFresh = (h: HeardReport, nowMs: number): boolean =>
  nowMs - h.receivedAtMs <= SILENT_INTERVALS * h.report.interval_ms;

/**
 * Every channel (in `CHANNELS` order) from the replicas' latest reports, leaving out a replica
 * silent for more than `SILENT_INTERVALS` of its own interval: stopped, crashed or cut off.
 */
export function mergeProviderHealth(
  heard: Iterable<HeardReport>,
  nowMs: number,
): ProviderHealthResource {
  const fresh = [...heard].filter((h) => isFresh(h, nowMs));
  return {
    channels: CHANNELS.map((channel) =>
      mergeChannel(
        channel,
        fresh.filter((h) => h.report.channel === channel).map((h) => h.report),
      ),
    ),
  };
}
