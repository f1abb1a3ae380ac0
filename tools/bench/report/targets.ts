import type { BenchResults, TargetCheck } from '../bench-results';
import { E2E_P99_TARGET_MS } from '../phases/e2e.phase';
import { APP_NAMES } from '@switchboard/testing';

const SINGLE_SHARE_OF_EXPRESS = 0.8;
const P99_AT_70_PERCENT_MS = 100;
const BULK_MESSAGES_PER_S = 10_000;
const E2E_RATE = 2_000;
const RSS_LIMIT_MB = 256;
const READ_P99_MS = 50;

/** The targets, each checked against this run's figures (null: not measured). */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { accept, e2e, baselines } = results;
  if (accept && baselines.express) {
    const share = accept.single.ratio_to_express ?? 0;
    checks.push({
      name: 'single sends vs the bare express app',
      target: `≥ ${SINGLE_SHARE_OF_EXPRESS * 100}% of ${baselines.express.requests_per_s} req/s`,
      measured: `${accept.single.requests_per_s} req/s (${Math.round(share * 100)}%)`,
      met: share >= SINGLE_SHARE_OF_EXPRESS,
    });
  }
  if (accept) {
    const at70 = accept.single_at_70_percent;
    checks.push({
      name: 'single sends p99 at 70% of the maximum',
      target: `< ${P99_AT_70_PERCENT_MS} ms at ${at70.rate}/s, no errors`,
      measured: `${at70.latency.p99_ms} ms, ${at70.errors + at70.shed} errors or shed`,
      met: at70.latency.p99_ms < P99_AT_70_PERCENT_MS && at70.errors === 0 && at70.shed === 0,
    });
    checks.push({
      name: 'bulk through one gateway',
      target: `≥ ${BULK_MESSAGES_PER_S} messages/s`,
      measured: `${accept.batch.messages_per_s} messages/s`,
      met: accept.batch.messages_per_s >= BULK_MESSAGES_PER_S,
    });
  }
  for (const series of e2e ?? []) {
    checks.push({
      name: `end to end, provider latency ${series.sandbox_latency_ms} ms`,
      target: `≥ ${E2E_RATE} msg/s sustained with p99 < ${E2E_P99_TARGET_MS} ms`,
      measured:
        series.max_rate_p99_under_1s === null
          ? `no offered rate (of ${[...series.steps.map((s) => s.rate), ...series.skipped_rates].join(', ')}) met it`
          : `${series.max_rate_p99_under_1s} msg/s`,
      met: (series.max_rate_p99_under_1s ?? 0) >= E2E_RATE,
    });
  }
  for (const query of results.data?.queries ?? []) {
    checks.push({
      name: `${query.name}, on the seeded database`,
      target: `p99 < ${READ_P99_MS} ms, as on an empty one`,
      measured: `${query.seeded.p99_ms} ms (empty: ${query.empty.p99_ms} ms), ${query.seeded.errors} errors`,
      met: query.seeded.p99_ms < READ_P99_MS && query.seeded.errors === 0,
    });
  }
  const peaks = new Map<string, number>();
  for (const phase of Object.values(results.processes)) {
    for (const [service, peak] of Object.entries(phase)) {
      if (!(APP_NAMES as readonly string[]).includes(service)) continue;
      peaks.set(service, Math.max(peaks.get(service) ?? 0, peak.hwm_mb, peak.peak_rss_mb));
    }
  }
  for (const [service, mb] of [...peaks].sort()) {
    checks.push({
      name: `${service} memory`,
      target: `< ${RSS_LIMIT_MB} MB RSS`,
      measured: `${mb} MB peak`,
      met: mb < RSS_LIMIT_MB,
    });
  }
  return checks;
}
