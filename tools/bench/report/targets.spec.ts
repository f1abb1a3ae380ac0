import type {
  AcceptResults,
  BenchResults,
  E2eSeries,
  E2eStep,
  QueryResult,
  ScalingResults,
  StartResults,
} from '../bench-results';
import type { ClosedLoopResult } from '../load/load-spec';
import { checkTargets } from './targets';

const latency = (p99: number) => ({
  n: 100,
  p50_ms: p99 / 2,
  p90_ms: p99,
  p99_ms: p99,
  max_ms: p99,
});

function query(name: string, seededP99: number, errors = 0): QueryResult {
  return {
    name,
    method: 'GET',
    path: '/api/v1/conversations',
    seeded: { ...latency(seededP99), errors, items: 25 },
    empty: { ...latency(10), errors: 0, items: 0 },
    ratio_p99_to_empty: seededP99 / 10,
  };
}

function resultsWith(queries: QueryResult[]): BenchResults {
  return {
    baselines: {},
    processes: {},
    data: {
      rows: 5_000_000,
      conversations: 500_000,
      seed: { reused: true, seconds: 0, database: 'switchboard_bench', size_mb: 1 },
      queries,
      plans: [],
    },
  } as unknown as BenchResults;
}

/** A run with only the given parts measured. */
const run = (parts: Partial<BenchResults>): BenchResults =>
  ({ baselines: {}, processes: {}, ...parts }) as BenchResults;

/** A closed-loop run of `seconds` whose answers were `statusCodes`. */
function closedLoop(statusCodes: Record<string, number>, seconds = 10): ClosedLoopResult {
  const requests = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  return {
    requests,
    seconds,
    requests_per_s: Math.round(requests / seconds),
    latency: latency(40),
    status_codes: statusCodes,
    errors: 0,
    non_2xx: requests - (statusCodes['201'] ?? 0),
  };
}

function accept(options: {
  singleAccepted: number;
  singleCpu: Record<string, number>;
  bulkPerS: number;
  bulkCpu: Record<string, number>;
}): AcceptResults {
  return {
    single: {
      ...closedLoop({ '201': options.singleAccepted * 10 }),
      connections: 32,
      ratio_to_express: null,
      ratio_p99_to_express: null,
    },
    single_at_70_percent: {
      offered: 100,
      shed: 0,
      accepted: 100,
      errors: 0,
      status_codes: { '201': 100 },
      seconds: 10,
      started_at_ms: 0,
      stopped_at_ms: 10_000,
      latency: latency(51.4),
      rate: 1_750,
    },
    batch: {
      ...closedLoop({ '201': 10 }),
      connections: 4,
      batch_size: 1000,
      messages_per_s: options.bulkPerS,
      ratio_to_postgres_multi_row: null,
    },
    cpu_us_per_message: { single: options.singleCpu, batch: options.bulkCpu },
  };
}

const CPU_PER_SEND = {
  gateway: 200,
  'conversation-service': 150,
  'postgres (this database)': 100,
  'nats-server': 40,
  // Not the product's: left out of the sums.
  'load generator': 70,
  '(whole machine)': 900,
};

function step(rate: number, deliveredPerS: number, p99: number, cpu: Record<string, number>) {
  return {
    rate,
    seconds: 30,
    offered: rate * 30,
    shed: 0,
    accepted: rate * 30,
    accept_errors: 0,
    accept_latency: latency(20),
    delivered: rate * 30,
    delivered_per_s: deliveredPerS,
    latency: latency(p99),
    drained: true,
    drain_s: 0.1,
    cpu_us_per_message: cpu,
    ratio_to_jetstream: null,
    ratio_to_postgres_single_row: null,
  } satisfies E2eStep;
}

/** CPU per delivered message: `ours` for the product (in two services), `sandbox` for the stand-in. */
const e2eCpu = (ours: number, sandbox: number) => ({
  'conversation-service': ours / 2,
  'postgres (this database)': ours / 2,
  'provider-sandbox': sandbox,
  'load generator': 250,
  '(whole machine)': ours + sandbox + 250,
});

const byName = (checks: ReturnType<typeof checkTargets>, name: string) => {
  const check = checks.find((c) => c.name === name);
  if (!check) throw new Error(`no target named ${name}: ${checks.map((c) => c.name).join('; ')}`);
  return check;
};

describe('checkTargets: reads on the seeded database', () => {
  it('holds every read to p99 < 50 ms without errors, one target per read', () => {
    const checks = checkTargets(
      resultsWith([
        query('conversations, first page', 22.7),
        query('search, rare word', 53.7),
        query('a conversation, exactly at the bound', 50),
        query('messages, paging', 20, 1),
      ]),
    );
    expect(checks.map((c) => [c.name, c.met])).toEqual([
      ['conversations, first page, on the seeded database', true],
      ['search, rare word, on the seeded database', false],
      ['a conversation, exactly at the bound, on the seeded database', false],
      ['messages, paging, on the seeded database', false],
    ]);
    expect(checks[1]!.measured).toBe('53.7 ms (empty: 10 ms), 0 errors');
  });

  it('checks no read when the data phase did not run', () => {
    expect(checkTargets({ ...resultsWith([]), data: undefined })).toEqual([]);
  });
});

describe('checkTargets: the accept path', () => {
  const checks = (singleAccepted: number, bulkPerS: number, bulkCpu: Record<string, number>) =>
    checkTargets(
      run({
        accept: accept({ singleAccepted, singleCpu: CPU_PER_SEND, bulkPerS, bulkCpu }),
      }),
    );

  it('wants 2,500 single sends accepted per second and 20,000 bulk messages per second', () => {
    const met = checks(2_500, 20_000, { gateway: 40, 'postgres (this database)': 50 });
    expect(byName(met, 'single sends, closed loop')).toMatchObject({
      target: '≥ 2,500 req/s accepted (32 connections)',
      measured: '2,500 req/s accepted, no errors',
      met: true,
    });
    expect(byName(met, 'bulk through one gateway').met).toBe(true);

    const missed = checks(2_499, 19_999, { gateway: 40, 'postgres (this database)': 50 });
    expect(byName(missed, 'single sends, closed loop').met).toBe(false);
    expect(byName(missed, 'bulk through one gateway').met).toBe(false);
  });

  it('sums CPU per message over the services, PostgreSQL and NATS, not the load or the machine', () => {
    const within = checks(2_500, 20_000, { gateway: 40, 'postgres (this database)': 50 });
    // 200 + 150 + 100 + 40: the load generator and the whole machine are not the product's.
    expect(byName(within, 'CPU per accepted single send')).toMatchObject({
      target: '≤ 0.5 ms, services + PostgreSQL + NATS',
      measured: '0.49 ms',
      met: true,
    });
    expect(byName(within, 'CPU per bulk message')).toMatchObject({
      target: '≤ 0.09 ms, services + PostgreSQL + NATS',
      measured: '0.09 ms',
      met: true,
    });
    const over = checks(2_500, 20_000, {
      gateway: 41,
      'postgres (this database)': 50,
      'load generator': 500,
    });
    expect(byName(over, 'CPU per bulk message')).toMatchObject({
      measured: '0.091 ms',
      met: false,
    });
  });

  it('counts only the 201s of the single sends: a refusal is no accepted send', () => {
    const result = accept({
      singleAccepted: 3_000,
      singleCpu: CPU_PER_SEND,
      bulkPerS: 20_000,
      bulkCpu: {},
    });
    result.single = { ...result.single, ...closedLoop({ '201': 20_000, '429': 10_000 }) };
    expect(
      byName(checkTargets(run({ accept: result })), 'single sends, closed loop'),
    ).toMatchObject({ measured: '2,000 req/s accepted, 10,000 × 429', met: false });
  });
});

describe('checkTargets: end to end', () => {
  const series = (latencyMs: number, steps: E2eStep[], maxRate: number | null): E2eSeries => ({
    sandbox_latency_ms: latencyMs,
    steps,
    skipped_rates: [],
    max_rate_p99_under_1s: maxRate,
  });

  it('wants 700 msg/s sustained with p99 < 1 s for each provider latency', () => {
    const checks = checkTargets(
      run({
        e2e: [
          series(0, [step(500, 498, 200, e2eCpu(1_600, 300)), step(700, 697, 400, {})], 700),
          series(50, [step(500, 497, 300, e2eCpu(1_600, 300)), step(700, 650, 2_000, {})], 500),
        ],
      }),
    );
    expect(byName(checks, 'end to end, provider latency 0 ms')).toMatchObject({
      target: '≥ 700 msg/s sustained with p99 < 1,000 ms',
      measured: '700 msg/s (697 delivered/s, p99 400 ms)',
      met: true,
    });
    expect(byName(checks, 'end to end, provider latency 50 ms').met).toBe(false);
  });

  it('takes CPU per delivered message at the step that delivered the most per second, and says which', () => {
    const checks = checkTargets(
      run({
        e2e: [
          series(
            0,
            [
              step(500, 490, 200, e2eCpu(2_000, 500)),
              // The most delivered/s, though not the highest rate offered.
              step(1_000, 820, 3_000, e2eCpu(1_700, 400)),
              step(2_000, 700, 9_000, e2eCpu(1_500, 300)),
            ],
            500,
          ),
        ],
      }),
    );
    expect(byName(checks, 'CPU per delivered message, provider latency 0 ms')).toMatchObject({
      target: '≤ 1.7 ms, services + PostgreSQL + NATS',
      measured: '1.7 ms at 1,000 msg/s offered, the step with the most delivered/s (820)',
      met: true,
    });
    expect(
      byName(checks, 'provider-sandbox CPU per delivered message, provider latency 0 ms'),
    ).toMatchObject({
      target: '≤ 0.4 ms',
      measured: '0.4 ms at 1,000 msg/s offered, the step with the most delivered/s (820)',
      met: true,
    });
  });

  it('misses the CPU targets above 1.7 ms and 0.4 ms, and leaves them open when nothing arrived', () => {
    const over = checkTargets(
      run({ e2e: [series(50, [step(500, 480, 300, e2eCpu(1_710, 410))], 500)] }),
    );
    expect(byName(over, 'CPU per delivered message, provider latency 50 ms').met).toBe(false);
    expect(
      byName(over, 'provider-sandbox CPU per delivered message, provider latency 50 ms').met,
    ).toBe(false);

    const nothing = { ...step(500, 0, 0, {}), delivered: 0 };
    const none = checkTargets(run({ e2e: [series(0, [nothing], null)] }));
    expect(byName(none, 'CPU per delivered message, provider latency 0 ms')).toMatchObject({
      measured: 'nothing delivered',
      met: null,
    });
    expect(byName(none, 'end to end, provider latency 0 ms')).toMatchObject({
      measured: 'no offered rate (of 500) met it',
      met: false,
    });
  });
});

describe('checkTargets: memory', () => {
  it('holds every app to 256 MB at its peak in any phase, provider-sandbox included', () => {
    const usage = (mb: number) => ({ peak_rss_mb: mb - 5, hwm_mb: mb, cpu_s: 1, samples: 10 });
    const checks = checkTargets(
      run({
        processes: {
          accept: { gateway: usage(216), 'load generator': usage(900) },
          e2e: { gateway: usage(232), 'provider-sandbox': usage(282) },
          start: { gateway: usage(255), 'provider-sandbox': usage(120) },
        },
      }),
    );
    expect(checks.map((c) => [c.name, c.measured, c.met])).toEqual([
      ['gateway memory', '255 MB peak', true],
      ['provider-sandbox memory', '282 MB peak', false],
    ]);
  });
});

describe('checkTargets: the stack as `npm start` runs it', () => {
  const start = (statusCodes: Record<string, number>): StartResults => {
    const single = closedLoop(statusCodes);
    return {
      single: { ...single, connections: 32, accepted_per_s: (statusCodes['201'] ?? 0) / 10 },
      cpu_us_per_message: CPU_PER_SEND,
      apps: ['gateway'],
      log: 'start.log',
    };
  };
  const acceptAt = (perS: number) =>
    accept({ singleAccepted: perS, singleCpu: CPU_PER_SEND, bulkPerS: 1, bulkCpu: {} });
  const NAME = 'the stack as `npm start` runs it, single sends';

  it("is met at 90% of the accept phase's single sends accepted per second", () => {
    expect(
      byName(checkTargets(run({ accept: acceptAt(1_500), start: start({ '201': 13_500 }) })), NAME),
    ).toMatchObject({
      target: "≥ 90% of the accept phase's 1,500 req/s accepted",
      measured: '1,350 req/s accepted (90%), p99 40 ms, no errors',
      met: true,
    });
  });

  it('is missed below it, with the refusals of a rate limit in plain sight', () => {
    expect(
      byName(
        checkTargets(
          run({ accept: acceptAt(1_500), start: start({ '201': 10_000, '429': 4_000 }) }),
        ),
        NAME,
      ),
    ).toMatchObject({
      measured: '1,000 req/s accepted (67%), p99 40 ms, 4,000 × 429',
      met: false,
    });
  });

  it('is left open when the accept phase did not run', () => {
    expect(byName(checkTargets(run({ start: start({ '201': 10_000 }) })), NAME).met).toBeNull();
  });
});

describe('checkTargets: scaling with cores', () => {
  const scaling = (factors: ScalingResults['factors']): ScalingResults =>
    ({
      runs: [
        { cpus: [0], single: { accepted_per_s: 800 }, e2e_max_delivered_per_s: 150 },
        { cpus: [0, 1], single: { accepted_per_s: 1_440 }, e2e_max_delivered_per_s: 260 },
      ],
      factors,
    }) as unknown as ScalingResults;

  it('wants two cores to do 1.8 times what one does, single sends and end to end', () => {
    const checks = checkTargets(run({ scaling: scaling({ single: 1.8, e2e: 1.73 }) }));
    expect(checks).toEqual([
      {
        name: 'single sends, closed loop, scaling with cores',
        target: '≥ 1.8× on two cores against one',
        measured: '1.8× (800 → 1,440 req/s accepted)',
        met: true,
      },
      {
        name: 'end to end, most delivered/s, scaling with cores',
        target: '≥ 1.8× on two cores against one',
        measured: '1.73× (150 → 260 delivered/s)',
        met: false,
      },
    ]);
  });

  it('leaves a factor open when a run measured nothing', () => {
    const checks = checkTargets(run({ scaling: scaling({ single: 1.9, e2e: null }) }));
    expect(checks.map((c) => c.met)).toEqual([true, null]);
  });
});
