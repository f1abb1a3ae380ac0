import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResults } from './bench-results';

const ROOT = path.resolve(__dirname, '../..');

/*
 * The benchmark's smoke run (`npm run bench:smoke`): every phase for a few seconds against the
 * real stack. It asserts that the tool measured something in every section — never how fast:
 * timings on a shared CI machine say nothing.
 */
describe('npm run bench:smoke', () => {
  let out: string;
  let results: BenchResults;
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
    run = spawnSync('npm', ['run', '--silent', 'bench:smoke', '--', `--out=${out}`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    const file = readdirSync(out).find((name) => name.endsWith('.json'));
    if (run.status !== 0 || !file) {
      throw new Error(
        `bench:smoke exited with ${run.status}:\n${String(run.stderr).slice(-4_000)}`,
      );
    }
    results = JSON.parse(readFileSync(path.join(out, file), 'utf8')) as BenchResults;
  }, 180_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('ran every phase, baselines first, and wrote its query plans beside the results', () => {
    expect(results.phases).toEqual(['baselines', 'accept', 'e2e', 'data']);
    expect(results.machine.nproc).toBeGreaterThan(0);
    expect(Object.keys(results.machine_state)).toEqual(results.phases);
    expect(readdirSync(out).some((name) => name.endsWith('.plans.txt'))).toBe(true);
  });

  it('measured the raw engines', () => {
    const { express, jetstream, postgres } = results.baselines;
    expect(express?.requests_per_s).toBeGreaterThan(0);
    expect(express?.latency.p99_ms).toBeGreaterThan(0);
    expect(jetstream?.messages_per_s).toBeGreaterThan(0);
    expect(postgres?.single_row.rows_per_s).toBeGreaterThan(0);
    expect(postgres?.multi_row.rows_per_s).toBeGreaterThan(0);
  });

  it('measured the accept path, single and bulk, against the baselines', () => {
    const accept = results.accept!;
    expect(accept.single.requests_per_s).toBeGreaterThan(0);
    expect(accept.single.status_codes['201']).toBeGreaterThan(0);
    expect(accept.single.ratio_to_express).toBeGreaterThan(0);
    expect(accept.single_at_70_percent.accepted).toBeGreaterThan(0);
    expect(accept.batch.status_codes['201']).toBeGreaterThan(0);
    expect(accept.batch.messages_per_s).toBeGreaterThan(0);
    expect(accept.batch.ratio_to_postgres_multi_row).toBeGreaterThan(0);
    expect(accept.cpu_us_per_message.single['gateway']).toBeGreaterThan(0);
  });

  it('followed messages end to end to the provider', () => {
    const steps = results.e2e!.flatMap((series) => series.steps);
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(step.accepted).toBeGreaterThan(0);
      expect(step.delivered).toBeGreaterThan(0);
      expect(step.latency.p50_ms).toBeGreaterThan(0);
      expect(step.latency.p99_ms).toBeGreaterThanOrEqual(step.latency.p50_ms);
    }
  });

  it('placed calls end to end as one more channel, with CPU per call', () => {
    for (const series of results.e2e!) {
      const calls = series.voice!;
      expect(calls.accepted).toBeGreaterThan(0);
      expect(calls.delivered).toBeGreaterThan(0);
      expect(calls.latency.p99_ms).toBeGreaterThanOrEqual(calls.latency.p50_ms);
      expect(calls.cpu_us_per_message['voice-dispatcher']).toBeGreaterThan(0);
    }
  });

  it('read a seeded database and an empty one, with plans', () => {
    const data = results.data!;
    expect(data.rows).toBeGreaterThan(0);
    expect(data.queries.length).toBeGreaterThan(0);
    for (const query of data.queries) {
      expect(query.seeded.n).toBeGreaterThan(0);
      expect(query.empty.n).toBeGreaterThan(0);
      expect(query.seeded.errors).toBe(0);
    }
    expect(data.queries.some((q) => q.seeded.items > 0)).toBe(true);
    expect(data.plans.length).toBeGreaterThanOrEqual(data.queries.length);
    expect(data.plans.every((plan) => plan.plan.includes('Execution Time'))).toBe(true);
  });

  it('sampled the memory of every service and checked the targets', () => {
    const services = new Set(
      Object.values(results.processes).flatMap((phase) =>
        Object.entries(phase)
          .filter(([, usage]) => usage.hwm_mb > 0)
          .map(([name]) => name),
      ),
    );
    expect([...services]).toEqual(
      expect.arrayContaining([
        'gateway',
        'conversation-service',
        'sms-dispatcher',
        'email-dispatcher',
        'voice-dispatcher',
        'webhook-ingest',
        'provider-sandbox',
      ]),
    );
    expect(results.targets.length).toBeGreaterThan(0);
  });
});
