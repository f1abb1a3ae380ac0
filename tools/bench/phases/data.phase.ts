import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '@switchboard/db';
import type { BenchContext } from '../bench-context';
import type { DataResults, QueryPlan, QueryResult } from '../bench-results';
import { PAGE_DEPTH, queryCases, type QueryCase } from '../data/query-cases';
import { seedDatabase, seedShape } from '../data/seed';
import { ratio, summarize, type LatencySummary } from '../stats';

/** Requests in flight per query kind: a handful of clients reading at once. */
const CONCURRENCY = 4;

type Measured = LatencySummary & { errors: number; items: number; cursor?: string };

/** Runs one kind of read through the API, closed-loop, bounded in count and time. */
async function measure(
  gateway: string,
  query: QueryCase,
  requests: number,
  seconds: number,
): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  let items = 0;
  let issued = 0;
  let seenCursor: string | undefined;
  let seenDepth = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    let cursor: string | undefined;
    let depth = 0;
    while (issued < requests && performance.now() < deadline) {
      const { path, body } = query.request(issued++, cursor);
      const started = performance.now();
      try {
        const res = await fetch(`${gateway}${path}`, {
          method: query.method,
          ...(body === undefined
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        });
        const text = await res.text();
        latencies.push(performance.now() - started);
        // An empty database answers 404 for a conversation it does not have: an answer, not an error.
        if (!res.ok && res.status !== 404) {
          errors += 1;
          continue;
        }
        const page = res.ok
          ? (JSON.parse(text) as { data?: unknown[]; next_cursor?: string | null })
          : {};
        items += page.data?.length ?? 0;
        if (query.paging) {
          depth += 1;
          cursor = page.next_cursor && depth < PAGE_DEPTH ? page.next_cursor : undefined;
          if (!cursor) depth = 0;
          // The deepest cursor seen: EXPLAIN shows the plan of a page deep in the walk.
          if (page.next_cursor && depth >= seenDepth) {
            seenCursor = page.next_cursor;
            seenDepth = depth;
          }
        }
      } catch {
        latencies.push(performance.now() - started);
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const summary = summarize(latencies);
  return {
    ...summary,
    errors,
    items: summary.n ? Math.round((items / summary.n) * 10) / 10 : 0,
    ...(seenCursor ? { cursor: seenCursor } : {}),
  };
}

/** Index names and sequentially scanned tables in a text plan. */
function planFacts(plan: string): Pick<QueryPlan, 'indexes' | 'seq_scans'> {
  const indexes = [
    ...plan.matchAll(
      /(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/g,
    ),
  ].map((m) => m[1]!);
  const seqScans = [...plan.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]!);
  return { indexes: [...new Set(indexes)], seq_scans: [...new Set(seqScans)] };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the very SQL conversation-service runs for each read: the
 * service's query functions run against a kysely whose log captures every compiled statement.
 */
async function explainAll(
  url: string,
  cases: readonly QueryCase[],
  cursors: ReadonlyMap<string, string>,
): Promise<QueryPlan[]> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const plans: QueryPlan[] = [];
  try {
    for (const query of cases) {
      captured = [];
      await query.run(db, cursors.get(query.name));
      for (const [i, compiled] of captured.entries()) {
        const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${compiled.sql}`,
          [...compiled.parameters],
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        plans.push({
          name: captured.length > 1 ? `${query.name} [statement ${i + 1}]` : query.name,
          sql: compiled.sql,
          plan,
          ...planFacts(plan),
        });
      }
    }
  } finally {
    await db.destroy();
  }
  return plans;
}

/**
 * Scale with data: the seeded database (`--rows` messages, a tenth as many conversations)
 * against an empty one, through the API, with the plans PostgreSQL chose.
 */
export async function runData(ctx: BenchContext): Promise<DataResults> {
  const { options } = ctx;
  const shape = seedShape(options.rows);
  const seededDb = options.databasePrefix;
  const emptyDb = `${options.databasePrefix}_empty`;
  const seed = await seedDatabase(ctx.databaseUrl(seededDb), options.rows, ctx.log);
  await ctx.freshDatabase(emptyDb);

  const cases = queryCases(shape).filter((q) => !options.reads || q.name.includes(options.reads));
  if (!cases.length) throw new Error(`no read of the data phase is named like "${options.reads}"`);
  const seeded = new Map<string, Measured>();
  const empty = new Map<string, Measured>();
  // The seeded database, then an empty one, each behind a fresh gateway and conversation-service.
  for (const [phase, database, into] of [
    ['data (seeded)', seededDb, seeded],
    ['data (empty)', emptyDb, empty],
  ] as const) {
    const stack = await ctx.startStack({
      phase,
      database,
      only: ['conversation-service', 'gateway'],
    });
    try {
      const gateway = stack.url('gateway');
      for (const query of cases) {
        ctx.log(`${phase}: ${query.name}`);
        const result = await measure(gateway, query, options.queryRequests, options.seconds);
        into.set(query.name, result);
        ctx.log(
          `  p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms (${result.n} requests, ${result.errors} errors)`,
        );
      }
    } finally {
      ctx.recordUsage(phase, await stack.usage.stop());
      await stack.stop();
    }
  }

  const cursors = new Map(
    [...seeded].flatMap(([name, m]) => (m.cursor ? [[name, m.cursor] as const] : [])),
  );
  ctx.log('data: EXPLAIN ANALYZE of each read on the seeded database');
  const plans = await explainAll(ctx.databaseUrl(seededDb), cases, cursors);

  const queries: QueryResult[] = cases.map((query) => {
    const { cursor: _s, ...onSeeded } = seeded.get(query.name)!;
    const { cursor: _e, ...onEmpty } = empty.get(query.name)!;
    return {
      name: query.name,
      method: query.method,
      path: query.route,
      seeded: onSeeded,
      empty: onEmpty,
      ratio_p99_to_empty: ratio(onSeeded.p99_ms, onEmpty.p99_ms),
    };
  });
  return {
    rows: shape.rows,
    conversations: shape.conversations,
    seed: { ...seed, database: seededDb },
    queries,
    plans,
  };
}
