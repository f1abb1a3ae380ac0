import type { BenchContext } from '../bench-context';
import type { Baselines, E2eSeries, ScalingResults, ScalingRun } from '../bench-results';
import { cpusAllowed, formatCpuList, type Pinning } from '../cpu-affinity';
import { acceptedPerS, runAcceptSingle } from './accept.phase';
import { runE2e } from './e2e.phase';

/** Two cores' figure ÷ one core's, to two decimals; null unless both were measured. */
export function scalingFactor(
  one: number | null | undefined,
  two: number | null | undefined,
): number | null {
  if (!one || !two || !Number.isFinite(one) || !Number.isFinite(two)) return null;
  return Math.round((two / one) * 100) / 100;
}

/** The most messages any step of a series delivered per second; null when none arrived. */
export function maxDeliveredPerS(series: E2eSeries | undefined): number | null {
  const rates = (series?.steps ?? []).filter((s) => s.delivered > 0).map((s) => s.delivered_per_s);
  return rates.length ? Math.max(...rates) : null;
}

/** The factors of a one-core run and a two-core run. */
export function scalingFactors(runs: readonly ScalingRun[]): ScalingResults['factors'] {
  const [one, two] = runs;
  return {
    single: scalingFactor(one?.single.accepted_per_s, two?.single.accepted_per_s),
    e2e: scalingFactor(one?.e2e_max_delivered_per_s, two?.e2e_max_delivered_per_s),
  };
}

const coresLabel = (cpus: readonly number[]) =>
  `${cpus.length} core${cpus.length === 1 ? '' : 's'}`;

/**
 * How throughput grows with cores: the accept path's closed-loop single sends and the end-to-end
 * series (the first provider latency, texts only) run twice — with every process on one core,
 * then on two — each time the benchmark itself (and so every process it starts: services,
 * nats-server, load generator) and the running PostgreSQL, Redis and NATS servers pinned with
 * `taskset`, and given their own cores back after. The cores are the first one and two this run
 * may use; with fewer than two, or servers it cannot pin, the phase is skipped with a note.
 */
export async function runScaling(
  ctx: BenchContext,
  baselines: Baselines,
): Promise<ScalingResults | undefined> {
  const { options } = ctx;
  const allowed = cpusAllowed(process.pid) ?? [];
  if (allowed.length < 2) {
    ctx.note(
      `scaling: skipped, this run may use CPUs ${formatCpuList(allowed)} only (two are needed)`,
    );
    return undefined;
  }
  const runs: ScalingRun[] = [];
  for (const cpus of [allowed.slice(0, 1), allowed.slice(0, 2)]) {
    const label = coresLabel(cpus);
    let pinning: Pinning;
    try {
      pinning = ctx.pin(cpus);
    } catch (err) {
      ctx.note(`scaling: skipped: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    try {
      ctx.log(`scaling: every process on CPU ${formatCpuList(cpus)}`);
      const { closed } = await runAcceptSingle(ctx, `accept (${label})`);
      const [series] = await runE2e(ctx, baselines, {
        phase: `e2e (${label})`,
        latenciesMs: options.sandboxLatenciesMs.slice(0, 1),
        voice: false,
      });
      if (!series) throw new Error('scaling: the end-to-end series did not run');
      const delivered = maxDeliveredPerS(series);
      runs.push({
        cpus: [...cpus],
        single: {
          ...closed,
          connections: options.connections,
          accepted_per_s: acceptedPerS(closed),
        },
        e2e: series,
        e2e_max_delivered_per_s: delivered,
      });
      ctx.log(
        `  ${label}: ${acceptedPerS(closed)} single sends/s accepted, at most ${delivered ?? 0} delivered/s end to end`,
      );
    } finally {
      for (const failure of pinning.restore()) {
        ctx.note(`scaling: could not give back the cores of ${failure}`);
      }
    }
  }
  return { runs, factors: scalingFactors(runs) };
}
