import type { LatencySummary } from '../stats';

/** How the report writes figures: thousands separated, empty values as a dash. */
export const num = (value: number) => value.toLocaleString('en-US');
export const ms = (value: number) => `${num(value)} ms`;
export const x = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${value}×`;
export const p50p99 = (latency: LatencySummary) => `${ms(latency.p50_ms)} / ${ms(latency.p99_ms)}`;
export const met = (value: boolean | null) => (value === null ? '—' : value ? 'yes' : '**no**');
/** The answers of a run other than 201 Created, by status: `1,234 × 429`; empty when none. */
export const otherAnswers = (statusCodes: Readonly<Record<string, number>>) =>
  Object.entries(statusCodes)
    .filter(([code]) => code !== '201')
    .map(([code, count]) => `${num(count)} × ${code}`)
    .join(', ');

/** A markdown table: a header row, its rule, then the rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
