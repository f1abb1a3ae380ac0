import type { E2eSeries } from '../../bench-results';
import { MACHINE } from '../../process-sampler';
import { ms, num, p50p99, table, x } from '../markdown-format';
import { productCpuUs } from '../product-cpu';

/** One row per offered rate of each provider latency, skipped rates included. */
function stepRows(e2e: readonly E2eSeries[]): string[][] {
  return e2e.flatMap((series) => [
    ...series.steps.map((step) => [
      `${series.sandbox_latency_ms} ms`,
      num(step.rate),
      `${num(step.accepted)} / ${num(step.offered)}${step.shed ? ` (${num(step.shed)} shed)` : ''}`,
      num(step.delivered_per_s),
      p50p99(step.latency),
      ms(step.latency.max_ms),
      step.drained
        ? `yes, ${step.drain_s} s`
        : `**no** (${num(step.delivered)} of ${num(step.accepted)} in ${step.drain_s} s)`,
      `${x(step.ratio_to_jetstream)} / ${x(step.ratio_to_postgres_single_row)}`,
    ]),
    ...series.skipped_rates.map((rate) => [
      `${series.sandbox_latency_ms} ms`,
      num(rate),
      'skipped: a lower rate did not drain',
      '',
      '',
      '',
      '',
      '',
    ]),
  ]);
}

/** CPU per delivered message by process at each rate of one series; none if nothing arrived. */
function cpuPerDelivered(series: E2eSeries, nproc: number): string[] {
  const steps = series.steps.filter((step) => step.delivered > 0);
  if (!steps.length) return [];
  const processes = [...new Set(steps.flatMap((step) => Object.keys(step.cpu_us_per_message)))]
    .filter((name) => name !== MACHINE)
    .sort();
  // The product's own cost: not the load generator, nor the stand-in for the provider.
  const ours = (step: (typeof steps)[number]) => productCpuUs(step.cpu_us_per_message);
  return [
    '',
    `CPU per delivered message (µs), provider latency ${series.sandbox_latency_ms} ms — accept, relay, dispatch, provider call, status events and provider callbacks included:`,
    '',
    table(
      ['process', ...steps.map((step) => `${num(step.rate)}/s`)],
      [
        ...[...processes, MACHINE].map((name) => [
          name,
          ...steps.map((step) => num(step.cpu_us_per_message[name] ?? 0)),
        ]),
        ['**services + PostgreSQL + NATS**', ...steps.map((step) => `**${num(ours(step))}**`)],
        [
          `ceiling on ${nproc} idle core${nproc === 1 ? '' : 's'} (msg/s)`,
          ...steps.map((step) => (ours(step) ? num(Math.round((nproc * 1e6) / ours(step))) : '—')),
        ],
      ],
    ),
  ];
}

/** The voice step of each series: calls placed, accept-to-placed latency, CPU per call. */
function voiceRows(e2e: readonly E2eSeries[], nproc: number): string[] {
  const withCalls = e2e.filter((series) => series.voice);
  if (!withCalls.length) return [];
  const steps = withCalls.map((series) => ({
    latency: series.sandbox_latency_ms,
    step: series.voice!,
  }));
  const processes = [...new Set(steps.flatMap(({ step }) => Object.keys(step.cpu_us_per_message)))]
    .filter((name) => name !== MACHINE)
    .sort();
  const ours = (step: (typeof steps)[number]['step']) => productCpuUs(step.cpu_us_per_message);
  return [
    '',
    '#### Calls (voice), one more channel',
    '',
    table(
      [
        'provider latency',
        'offered calls/s',
        'accepted / offered',
        'placed/s during load',
        'accept→call placed p50 / p99',
        'every call ended',
      ],
      steps.map(({ latency, step }) => [
        `${latency} ms`,
        num(step.rate),
        `${num(step.accepted)} / ${num(step.offered)}${step.shed ? ` (${num(step.shed)} shed)` : ''}`,
        num(step.delivered_per_s),
        p50p99(step.latency),
        step.drained
          ? `yes, ${step.drain_s} s after the load`
          : `**no** (${num(step.delivered)} of ${num(step.accepted)} placed)`,
      ]),
    ),
    '',
    'CPU per call (µs) — accept, relay, dispatch, the provider call, and the call status callbacks until the call ended:',
    '',
    table(
      ['process', ...steps.map(({ latency }) => `${latency} ms`)],
      [
        ...[...processes, MACHINE].map((name) => [
          name,
          ...steps.map(({ step }) => num(step.cpu_us_per_message[name] ?? 0)),
        ]),
        ['**services + PostgreSQL + NATS**', ...steps.map(({ step }) => `**${num(ours(step))}**`)],
        [
          `ceiling on ${nproc} idle core${nproc === 1 ? '' : 's'} (calls/s)`,
          ...steps.map(({ step }) =>
            ours(step) ? num(Math.round((nproc * 1e6) / ours(step))) : '—',
          ),
        ],
      ],
    ),
  ];
}

/** End to end, every service running: rates, latency, drain, the chart and CPU per message. */
export function e2eSection(e2e: readonly E2eSeries[], nproc: number): string[] {
  return [
    '',
    '### End to end: accept → provider-sandbox, every service running',
    '',
    table(
      [
        'provider latency',
        'offered msg/s',
        'accepted / offered',
        'delivered/s during load',
        'accept→provider p50 / p99',
        'max',
        'backlog drained',
        'delivered/s vs JetStream / PG single-row',
      ],
      stepRows(e2e),
    ),
    '',
    e2e
      .map(
        (s) =>
          `Highest offered rate with p99 < 1 s and a drained backlog, provider latency ${s.sandbox_latency_ms} ms: **${s.max_rate_p99_under_1s === null ? 'none of the rates tried' : `${num(s.max_rate_p99_under_1s)} msg/s`}**.`,
      )
      .join(' '),
    '',
    '![Accept-to-provider latency against offered load](bench-latency.svg)',
    ...e2e.flatMap((series) => cpuPerDelivered(series, nproc)),
    ...voiceRows(e2e, nproc),
  ];
}
