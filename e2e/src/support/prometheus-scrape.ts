import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import {
  getMetricsFromStream,
  type PromData,
  type PromHistogramData,
  type PromMetrics,
} from 'prom2javascript';

export type { PromMetrics } from 'prom2javascript';

/** One sample of a family, whatever its type: its labels and its value (a histogram's count). */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Scrapes `/metrics` and parses the exposition into families. */
export async function scrapeMetrics(
  baseUrl: string,
): Promise<{ text: string; families: PromMetrics }> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`${baseUrl}/metrics answered ${res.status}`);
  const text = await res.text();
  return { text, families: await getMetricsFromStream(Readable.from([text])) };
}

/** The samples of one family (histograms: one per label set, valued by their count). */
export function samplesOf(families: PromMetrics, name: string): Sample[] {
  const family = families[name];
  if (!family) return [];
  return (family.data as (PromData | PromHistogramData)[]).map((d) => ({
    labels: d.labels,
    value: 'buckets' in d ? d.count : d.value,
  }));
}

/** Sum of a family's samples whose labels include `match`. */
export function total(
  families: PromMetrics,
  name: string,
  match: Record<string, string> = {},
): number {
  return samplesOf(families, name)
    .filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** promtool, Prometheus' own checker, when it is installed (apt-get install prometheus). */
export function promtool(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  return found || undefined;
}

/**
 * Runs Prometheus' own parser and linter over an exposition (`promtool check metrics`): exit 1
 * is a format error; exit 3 lists lint problems, one `<metric> <problem>` per line.
 */
export function promtoolCheckMetrics(
  bin: string,
  text: string,
): { status: number; problems: string[] } {
  const result = spawnSync(bin, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  return {
    status: result.status ?? -1,
    problems: output
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  };
}
