import type { DataResults } from '../../bench-results';
import { num, p50p99, table, x } from '../markdown-format';

/** Reads on the seeded database against an empty one, with the indexes their plans used. */
export function dataSection(data: DataResults): string[] {
  const plansFor = (name: string) =>
    data.plans.filter((p) => p.name === name || p.name.startsWith(`${name} [`));
  return [
    '',
    `### Scale with data: ${num(data.rows)} messages in ${num(data.conversations)} conversations vs an empty database`,
    '',
    `Seed: ${data.seed.reused ? 'reused from an earlier run' : `${data.seed.seconds} s`} (${num(data.seed.size_mb)} MB, database \`${data.seed.database}\`). Reads through the API, 4 clients.`,
    '',
    table(
      [
        'read',
        'seeded p50 / p99',
        'empty p50 / p99',
        'p99 vs empty',
        'items',
        'errors',
        'indexes used (seq scans)',
      ],
      data.queries.map((q) => {
        const plans = plansFor(q.name);
        const indexes = [...new Set(plans.flatMap((p) => p.indexes))];
        const scans = [...new Set(plans.flatMap((p) => p.seq_scans))];
        return [
          `${q.name}: \`${q.method} ${q.path}\``,
          p50p99(q.seeded),
          p50p99(q.empty),
          x(q.ratio_p99_to_empty),
          String(q.seeded.items),
          num(q.seeded.errors),
          `${indexes.map((i) => `\`${i}\``).join(', ') || '—'}${scans.length ? ` (seq: ${scans.join(', ')})` : ''}`,
        ];
      }),
    ),
  ];
}
