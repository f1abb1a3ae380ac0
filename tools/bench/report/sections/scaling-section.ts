import type { ScalingResults } from '../../bench-results';
import { formatCpuList } from '../../cpu-affinity';
import { num, p50p99, table, x } from '../markdown-format';
import { SCALING_FACTOR } from '../targets';

/** Throughput with every process on one core, then on two, and the factor between them. */
export function scalingSection(scaling: ScalingResults): string[] {
  const [one, two] = scaling.runs;
  return [
    '',
    '### Scale with cores: one against two',
    '',
    'Every process pinned with `taskset` — the services, their nats-server, the load generator, and the running PostgreSQL (with its backends), Redis and NATS servers — to the cores named, then given its own back. End to end at the first provider latency, texts only.',
    '',
    table(
      [
        'cores',
        'single sends, closed loop',
        'p50 / p99',
        'end to end, most delivered/s',
        'at offered',
      ],
      scaling.runs.map((run) => {
        const best = run.e2e.steps.find((s) => s.delivered_per_s === run.e2e_max_delivered_per_s);
        return [
          `${run.cpus.length} (CPU ${formatCpuList(run.cpus)})`,
          `${num(run.single.accepted_per_s)} req/s`,
          p50p99(run.single.latency),
          run.e2e_max_delivered_per_s === null ? '—' : `${num(run.e2e_max_delivered_per_s)}/s`,
          best ? `${num(best.rate)}/s` : '—',
        ];
      }),
    ),
    '',
    one && two
      ? `Two cores against one: single sends **${x(scaling.factors.single)}**, end to end **${x(scaling.factors.e2e)}** (target ≥ ${SCALING_FACTOR}×).`
      : 'Only one of the two runs completed.',
  ];
}
