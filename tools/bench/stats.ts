/** Latency percentiles in milliseconds, rounded to 0.1 ms. */
export interface LatencySummary {
  n: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** p50/p90/p99/max of samples in milliseconds. */
export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (p: number) => round1(percentile(sorted, p));
  return {
    n: sorted.length,
    p50_ms: at(50),
    p90_ms: at(90),
    p99_ms: at(99),
    max_ms: round1(sorted.length ? sorted[sorted.length - 1]! : 0),
  };
}

/** `measured / baseline` to two significant digits; null when there is no baseline to compare with. */
export function ratio(measured: number, baseline: number | undefined): number | null {
  if (!baseline || !Number.isFinite(baseline) || !Number.isFinite(measured)) return null;
  return Number((measured / baseline).toPrecision(2));
}

/** Rounds a rate for the record: whole numbers above 10, one decimal below. */
export function rate(count: number, seconds: number): number {
  if (seconds <= 0) return 0;
  const perSecond = count / seconds;
  return perSecond >= 10 ? Math.round(perSecond) : round1(perSecond);
}
