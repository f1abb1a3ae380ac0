import type { BenchResults, QueryResult } from '../bench-results';
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
