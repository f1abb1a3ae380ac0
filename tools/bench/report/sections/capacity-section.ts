import type { E2eSeries } from '../../bench-results';
import { PLANNED_RATE, PLANNED_UTILIZATION, capacityPlan, type ScalingSetting } from '../capacity';
import { num, table } from '../markdown-format';

const oneDecimal = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-US');

/**
 * The capacity model: from the CPU per delivered message of the step that delivered most (first
 * provider latency), the cores and replicas 10,000 messages/s need, against the manifests'
 * autoscaling bounds.
 */
export function capacitySection(
  e2e: readonly E2eSeries[],
  settings: readonly ScalingSetting[],
): string[] {
  const series = e2e[0];
  const best = series?.steps
    .filter((step) => step.delivered > 0)
    .sort((a, b) => b.delivered_per_s - a.delivered_per_s)[0];
  if (!series || !best) return [];
  const plan = capacityPlan(best.cpu_us_per_message, settings);
  const total = plan.reduce((sum, row) => sum + row.cores, 0);
  return [
    '',
    `### Capacity model: ${num(PLANNED_RATE)} messages/s end to end`,
    '',
    `From the CPU per delivered message at ${num(best.rate)}/s offered (${num(best.delivered_per_s)} delivered/s, provider latency ${series.sandbox_latency_ms} ms) — every message an SMS with its two callbacks. Replicas at ${PLANNED_UTILIZATION * 100}% of each pod's CPU limit, against what k8s/base lets its autoscaler reach.`,
    '',
    table(
      [
        'process',
        'CPU µs / message',
        `cores at ${num(PLANNED_RATE)}/s`,
        'replicas needed',
        'k8s: limit, autoscaler, max',
        'fits',
      ],
      plan.map((row) => [
        row.process,
        num(row.cpuUsPerMessage),
        oneDecimal(row.cores),
        row.replicas === null ? '—' : num(row.replicas),
        row.setting
          ? `${row.setting.cpuLimit} core, ${row.setting.autoscaler}${row.setting.utilizationTarget ? ` ${row.setting.utilizationTarget}% of ${row.setting.cpuRequest} core requested` : ' on consumer lag'}, max ${row.setting.maxReplicas}`
          : 'not deployed by us',
        row.replicas === null || !row.setting
          ? '—'
          : row.replicas <= row.setting.maxReplicas
            ? 'yes'
            : `**no**: max ${row.setting.maxReplicas}`,
      ]),
    ),
    '',
    `In all **${oneDecimal(total)} cores** for ${num(PLANNED_RATE)} messages/s (services, PostgreSQL and NATS; the providers are not ours).`,
  ];
}
