import { APP_NAMES } from '@switchboard/testing';
import type { BenchResults, E2eSeries, E2eStep, TargetCheck } from '../bench-results';
import type { ClosedLoopResult } from '../load/load-spec';
import { acceptedPerS } from '../phases/accept.phase';
import { E2E_P99_TARGET_MS } from '../phases/e2e.phase';
import { num, otherAnswers } from './markdown-format';
import { productCpuUs } from './product-cpu';

/** Closed-loop single sends accepted per second on the accept path. */
const SINGLE_SENDS_PER_S = 2_500;
/** CPU per accepted single send, services + PostgreSQL + NATS, µs. */
const SINGLE_CPU_US = 500;
const P99_AT_70_PERCENT_MS = 100;
const BULK_MESSAGES_PER_S = 20_000;
/** CPU per message accepted in bulk, services + PostgreSQL + NATS, µs. */
const BULK_CPU_US = 90;
/** Offered rate sustained end to end with p99 under a second, msg/s. */
const E2E_RATE = 700;
/** CPU per delivered message end to end, services + PostgreSQL + NATS, µs. */
const E2E_CPU_US = 1_700;
/** CPU per delivered message of provider-sandbox, the providers' stand-in, µs. */
const SANDBOX_CPU_US = 400;
/** The stack as `npm start` runs it against the accept phase's single sends. */
const START_SHARE_OF_ACCEPT = 0.9;
/** Two cores' throughput against one core's. */
export const SCALING_FACTOR = 1.8;
const RSS_LIMIT_MB = 256;
const READ_P99_MS = 50;

const PRODUCT = 'services + PostgreSQL + NATS';

/** µs as ms to three significant digits: 976 → `0.976 ms`. */
const asMs = (us: number) => `${Number((us / 1000).toPrecision(3))} ms`;

/** What a closed-loop run got besides 201s: `1,234 × 429, 3 connection errors`, or `no errors`. */
function refusals(result: ClosedLoopResult): string {
  const parts = [otherAnswers(result.status_codes)].filter(Boolean);
  if (result.errors) parts.push(`${num(result.errors)} connection errors or timeouts`);
  return parts.length ? parts.join(', ') : 'no errors';
}

/** The step of a series that delivered the most per second (CPU per message is taken there). */
export function busiestStep(series: E2eSeries): E2eStep | undefined {
  return series.steps
    .filter((step) => step.delivered > 0)
    .reduce<E2eStep | undefined>(
      (best, step) => (!best || step.delivered_per_s > best.delivered_per_s ? step : best),
      undefined,
    );
}

/** `factor` against the scaling target: met at 1.8× or more, unknown without both figures. */
function scalingCheck(
  name: string,
  factor: number | null,
  one: number | null | undefined,
  two: number | null | undefined,
  unit: string,
): TargetCheck {
  return {
    name,
    target: `≥ ${SCALING_FACTOR}× on two cores against one`,
    measured:
      factor === null
        ? `not measured on both (${one ?? '—'} and ${two ?? '—'} ${unit})`
        : `${factor}× (${num(one ?? 0)} → ${num(two ?? 0)} ${unit})`,
    met: factor === null ? null : factor >= SCALING_FACTOR,
  };
}

/** The issue's targets, each checked against this run's figures (null: not measured). */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { accept, start, e2e, scaling } = results;
  if (accept) {
    const single = accept.single;
    const perS = acceptedPerS(single);
    checks.push({
      name: 'single sends, closed loop',
      target: `≥ ${num(SINGLE_SENDS_PER_S)} req/s accepted (${single.connections} connections)`,
      measured: `${num(perS)} req/s accepted, ${refusals(single)}`,
      met: perS >= SINGLE_SENDS_PER_S,
    });
    const singleCpu = productCpuUs(accept.cpu_us_per_message.single);
    checks.push({
      name: 'CPU per accepted single send',
      target: `≤ ${asMs(SINGLE_CPU_US)}, ${PRODUCT}`,
      measured: asMs(singleCpu),
      met: singleCpu === 0 ? null : singleCpu <= SINGLE_CPU_US,
    });
    const at70 = accept.single_at_70_percent;
    checks.push({
      name: 'single sends p99 at 70% of the maximum',
      target: `< ${P99_AT_70_PERCENT_MS} ms at ${num(at70.rate)}/s, no errors`,
      measured: `${at70.latency.p99_ms} ms, ${at70.errors + at70.shed} errors or shed`,
      met: at70.latency.p99_ms < P99_AT_70_PERCENT_MS && at70.errors === 0 && at70.shed === 0,
    });
    checks.push({
      name: 'bulk through one gateway',
      target: `≥ ${num(BULK_MESSAGES_PER_S)} messages/s`,
      measured: `${num(accept.batch.messages_per_s)} messages/s`,
      met: accept.batch.messages_per_s >= BULK_MESSAGES_PER_S,
    });
    const bulkCpu = productCpuUs(accept.cpu_us_per_message.batch);
    checks.push({
      name: 'CPU per bulk message',
      target: `≤ ${asMs(BULK_CPU_US)}, ${PRODUCT}`,
      measured: asMs(bulkCpu),
      met: bulkCpu === 0 ? null : bulkCpu <= BULK_CPU_US,
    });
  }
  if (start) {
    const reference = accept ? acceptedPerS(accept.single) : undefined;
    const share = reference ? start.single.accepted_per_s / reference : undefined;
    checks.push({
      name: 'the stack as `npm start` runs it, single sends',
      target: reference
        ? `≥ ${START_SHARE_OF_ACCEPT * 100}% of the accept phase's ${num(reference)} req/s accepted`
        : `≥ ${START_SHARE_OF_ACCEPT * 100}% of the accept phase's rate (not measured in this run)`,
      measured: `${num(start.single.accepted_per_s)} req/s accepted${share === undefined ? '' : ` (${Math.round(share * 100)}%)`}, p99 ${start.single.latency.p99_ms} ms, ${refusals(start.single)}`,
      met: share === undefined ? null : share >= START_SHARE_OF_ACCEPT,
    });
  }
  for (const series of e2e ?? []) {
    const latency = `provider latency ${series.sandbox_latency_ms} ms`;
    const sustained = series.steps.find((s) => s.rate === series.max_rate_p99_under_1s);
    checks.push({
      name: `end to end, ${latency}`,
      target: `≥ ${num(E2E_RATE)} msg/s sustained with p99 < ${num(E2E_P99_TARGET_MS)} ms`,
      measured:
        series.max_rate_p99_under_1s === null || !sustained
          ? `no offered rate (of ${[...series.steps.map((s) => s.rate), ...series.skipped_rates].join(', ')}) met it`
          : `${num(series.max_rate_p99_under_1s)} msg/s (${num(sustained.delivered_per_s)} delivered/s, p99 ${num(sustained.latency.p99_ms)} ms)`,
      met: (series.max_rate_p99_under_1s ?? 0) >= E2E_RATE,
    });
    const busiest = busiestStep(series);
    const where = busiest
      ? ` at ${num(busiest.rate)} msg/s offered, the step with the most delivered/s (${num(busiest.delivered_per_s)})`
      : '';
    const ours = busiest ? productCpuUs(busiest.cpu_us_per_message) : undefined;
    checks.push({
      name: `CPU per delivered message, ${latency}`,
      target: `≤ ${asMs(E2E_CPU_US)}, ${PRODUCT}`,
      measured: ours === undefined ? 'nothing delivered' : `${asMs(ours)}${where}`,
      met: ours === undefined ? null : ours <= E2E_CPU_US,
    });
    const sandbox = busiest?.cpu_us_per_message['provider-sandbox'];
    checks.push({
      name: `provider-sandbox CPU per delivered message, ${latency}`,
      target: `≤ ${asMs(SANDBOX_CPU_US)}`,
      measured: sandbox === undefined ? 'nothing delivered' : `${asMs(sandbox)}${where}`,
      met: sandbox === undefined ? null : sandbox <= SANDBOX_CPU_US,
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
  // Every app, provider-sandbox included, in every phase it ran in.
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
  if (scaling) {
    const [one, two] = scaling.runs;
    checks.push(
      scalingCheck(
        'single sends, closed loop, scaling with cores',
        scaling.factors.single,
        one?.single.accepted_per_s,
        two?.single.accepted_per_s,
        'req/s accepted',
      ),
      scalingCheck(
        'end to end, most delivered/s, scaling with cores',
        scaling.factors.e2e,
        one?.e2e_max_delivered_per_s,
        two?.e2e_max_delivered_per_s,
        'delivered/s',
      ),
    );
  }
  return checks;
}
