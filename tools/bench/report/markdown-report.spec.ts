import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from '../bench-results';
import { RESULTS_END, RESULTS_START, renderResults, withResultsSection } from './markdown-report';

const ROOT = path.resolve(__dirname, '../../..');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');

/** The recorded run the committed results section was written from, as the section links it. */
function recordedRun(doc: string) {
  const json = /Raw figures: \[([^\]]+\.json)\]/.exec(doc)?.[1];
  const plans = /query plans: \[([^\]]+\.plans\.txt)\]/.exec(doc)?.[1];
  if (!json || !plans) throw new Error('docs/BENCHMARKS.md links no recorded run');
  const results = JSON.parse(
    readFileSync(path.resolve(path.dirname(DOC), json), 'utf8'),
  ) as BenchResults;
  return { results, links: { json, plans } };
}

describe('the benchmark report', () => {
  it('writes the committed results section again, byte for byte, from the run it links', () => {
    const committed = readFileSync(DOC, 'utf8');
    const { results, links } = recordedRun(committed);
    const next = withResultsSection(committed, renderResults(results, links));
    // Formatted as the report formats it: the repository's prettier settings for that file.
    const prettier = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'prettier'),
      ['--stdin-filepath', DOC],
      { cwd: ROOT, input: next, encoding: 'utf8' },
    );
    expect(prettier.stderr).toBe('');
    expect(prettier.stdout).toBe(committed);
  });

  it('leaves out the sections of phases that did not run', () => {
    const { results, links } = recordedRun(readFileSync(DOC, 'utf8'));
    const baselinesOnly: BenchResults = {
      ...results,
      accept: undefined,
      e2e: undefined,
      data: undefined,
      profiles: undefined,
      notes: [],
    };
    const section = renderResults(baselinesOnly, links);
    expect(section).toContain('### Baselines: the raw engines, same run');
    expect(section).not.toMatch(/### (Accept path|End to end|Scale with data|Notes from this run)/);
    expect(section).not.toContain(RESULTS_START);
    expect(section).not.toContain(RESULTS_END);
  });

  it('adds the stack as `npm start` runs it, one core against two, and the cores of a pinned run', () => {
    const { results, links } = recordedRun(readFileSync(DOC, 'utf8'));
    const single = results.accept!.single;
    const series = results.e2e![0]!;
    const pinned: BenchResults = {
      ...results,
      options: { ...results.options, cpus: [0] },
      machine_state: {
        accept: {
          loadavg: [0.1, 0.1, 0.1],
          cpu_busy_percent: 1,
          cpus_allowed: { 'this run': '0', postgres: '0', 'redis-server': '0' },
        },
      },
      start: {
        single: { ...single, status_codes: { '201': 20_000, '429': 9_295 }, accepted_per_s: 998 },
        cpu_us_per_message: { gateway: 600, 'provider-sandbox': 900, 'load generator': 70 },
        apps: ['provider-sandbox', 'gateway'],
        log: '2026-11-27T13-01-07-start.log',
      },
      scaling: {
        runs: [
          {
            cpus: [0],
            single: { ...single, accepted_per_s: 800 },
            e2e: series,
            e2e_max_delivered_per_s: 145,
          },
          {
            cpus: [0, 1],
            single: { ...single, accepted_per_s: 1_440 },
            e2e: series,
            e2e_max_delivered_per_s: 275,
          },
        ],
        factors: { single: 1.8, e2e: 1.9 },
      },
    };
    const section = renderResults(pinned, links);
    expect(section).toContain(
      '**Pinned** to CPU 0 (`taskset`): every process of the run and the PostgreSQL, Redis and NATS servers. Cores allowed before each phase: accept: this run 0, postgres 0, redis-server 0.',
    );
    expect(section).toContain('### The stack as `npm start` runs it');
    expect(section).toMatch(
      /\| `npm start`'s stack \(2 apps, [^|]+\| 998 req\/s \| [^|]+ \| 9,295 × 429 \| 0 \| 600 \|/,
    );
    expect(section).toContain('### Scale with cores: one against two');
    expect(section).toContain('| 1 (CPU 0) | 800 req/s |');
    expect(section).toContain(
      'Two cores against one: single sends **1.8×**, end to end **1.9×** (target ≥ 1.8×).',
    );
    // CPU per message turned into a ceiling on the one core the run had.
    expect(section).toContain('ceiling on 1 idle core (msg/s)');
  });
});
