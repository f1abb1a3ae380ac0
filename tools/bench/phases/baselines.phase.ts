import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { freePort, startPrivateNats } from '@switchboard/testing';
import type { BenchContext } from '../bench-context';
import type {
  Baselines,
  ExpressBaseline,
  JetStreamBaseline,
  PostgresBaseline,
} from '../bench-results';
import { activeWorkerPids, closedLoop } from '../load/run-worker';
import { cpuPerMessage } from './accept.phase';
import { cpuBetween, sampleProcesses } from '../process-sampler';
import { summarize } from '../stats';

const ROOT = path.resolve(__dirname, '../../..');
/** Publishes awaiting their ack at once: the outbox relay pipelines a batch the same way. */
const JETSTREAM_WINDOW = 256;
/** About the size of a dispatch command. */
const PAYLOAD_BYTES = 600;
const POSTGRES_CLIENTS = 16;
const ROWS_PER_STATEMENT = 100;
/** Upper bounds on each loop, beside its time bound. */
const MAX_PUBLISHES = 2_000_000;
const MAX_STATEMENTS = 2_000_000;

/** The bare express app, loaded by autocannon from another process. */
async function expressBaseline(ctx: BenchContext): Promise<ExpressBaseline> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '../baselines/bare-express.server.ts')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const [chunk] = (await once(server.stdout, 'data')) as [Buffer];
    const port = /listening (\d+)/.exec(chunk.toString())?.[1];
    if (!port) throw new Error(`the bare express app did not start: ${chunk.toString()}`);
    const url = `http://127.0.0.1:${port}/messages`;
    const spec = {
      url,
      scenario: 'bare' as const,
      connections: ctx.options.connections,
      batchSize: 1,
      recipients: 10_000,
      tag: 'express',
    };
    // A short first run warms the JIT up; it is not recorded.
    await closedLoop({
      ...spec,
      seconds: Math.min(1, ctx.options.seconds / 2),
      maxRequests: 50_000,
    });
    const sampler = sampleProcesses(
      {
        'bare express app': () => (server.pid ? [server.pid] : []),
        'load generator': activeWorkerPids,
      },
      [],
    );
    const before = await sampler.mark();
    const result = await closedLoop({
      ...spec,
      seconds: ctx.options.seconds,
      maxRequests: ctx.options.seconds * 200_000,
    });
    const cpu = cpuBetween(before, await sampler.mark());
    await sampler.stop();
    return {
      requests_per_s: result.requests_per_s,
      latency: result.latency,
      errors: result.errors + result.non_2xx,
      connections: ctx.options.connections,
      cpu_us_per_request: cpuPerMessage(cpu, result.status_codes['201'] ?? 0),
    };
  } finally {
    server.kill('SIGTERM');
  }
}

/** Pipelined publishes with `Nats-Msg-Id` to a stream of a private nats-server. */
async function jetStreamBaseline(ctx: BenchContext): Promise<JetStreamBaseline> {
  const server = await startPrivateNats(await freePort());
  const nc = await connect({
    servers: server.url,
    noAsyncTraces: true,
    user: server.credentials.admin?.user,
    pass: server.credentials.admin?.password,
  });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: 'BENCH',
      subjects: ['bench.>'],
      duplicate_window: 10 * 60 * 1_000_000_000,
    });
    const js = jetstream(nc);
    const payload = new Uint8Array(PAYLOAD_BYTES).fill(120);
    const latencies: number[] = [];
    let sent = 0;
    const deadline = performance.now() + ctx.options.seconds * 1000;
    const started = performance.now();
    const lane = async () => {
      while (sent < MAX_PUBLISHES && performance.now() < deadline) {
        const n = sent++;
        const at = performance.now();
        await js.publish(`bench.${n % 16}`, payload, { msgID: `m-${n}` });
        latencies.push(performance.now() - at);
      }
    };
    await Promise.all(Array.from({ length: JETSTREAM_WINDOW }, lane));
    const seconds = (performance.now() - started) / 1000;
    return {
      messages: latencies.length,
      messages_per_s: Math.round(latencies.length / seconds),
      window: JETSTREAM_WINDOW,
      payload_bytes: PAYLOAD_BYTES,
      latency: summarize(latencies),
    };
  } finally {
    await nc.close();
    await server.destroy();
  }
}

const ROW_COLUMNS = 5;

/** `($1, $2, …), (…)` for `rows` rows of `ROW_COLUMNS` values. */
const placeholders = (rows: number) =>
  Array.from(
    { length: rows },
    (_, r) =>
      `(${Array.from({ length: ROW_COLUMNS }, (_, c) => `$${r * ROW_COLUMNS + c + 1}`).join(', ')})`,
  ).join(', ');

/** Concurrent clients inserting one row per statement (autocommit), then 100 rows per statement. */
async function postgresBaseline(ctx: BenchContext): Promise<PostgresBaseline> {
  const url = await ctx.freshDatabase(`${ctx.options.databasePrefix}_raw`);
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  // A message-like row: uuid key, a secondary index, text and jsonb.
  await setup.query(`create table bench_rows (
    id uuid primary key,
    conversation_id uuid not null,
    body text not null,
    payload jsonb not null,
    created_at timestamptz not null
  )`);
  await setup.query(
    'create index bench_rows_conversation_idx on bench_rows (conversation_id, created_at)',
  );
  await setup.end();

  const row = (n: number) => [
    randomUUID(),
    `00000000-0000-7000-8000-${String(n % 100_000).padStart(12, '0')}`,
    `Your order ${n} has shipped`,
    JSON.stringify({ n, subject: `dispatch.sms.${n % 16}` }),
    new Date(),
  ];

  const run = async (rowsPerStatement: number) => {
    const clients = await Promise.all(
      Array.from({ length: POSTGRES_CLIENTS }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    const text = `insert into bench_rows (id, conversation_id, body, payload, created_at) values ${placeholders(rowsPerStatement)}`;
    const latencies: number[] = [];
    let statements = 0;
    const deadline = performance.now() + ctx.options.seconds * 1000;
    const started = performance.now();
    try {
      await Promise.all(
        clients.map(async (client) => {
          while (statements < MAX_STATEMENTS && performance.now() < deadline) {
            const n = statements++;
            const values = Array.from({ length: rowsPerStatement }, (_, i) =>
              row(n * rowsPerStatement + i),
            ).flat();
            const at = performance.now();
            await client.query(text, values);
            latencies.push(performance.now() - at);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, statements: latencies.length, latency: summarize(latencies) };
  };

  const single = await run(1);
  const multi = await run(ROWS_PER_STATEMENT);
  return {
    single_row: {
      clients: POSTGRES_CLIENTS,
      rows_per_s: Math.round(single.statements / single.seconds),
      latency: single.latency,
    },
    multi_row: {
      clients: POSTGRES_CLIENTS,
      rows_per_statement: ROWS_PER_STATEMENT,
      rows_per_s: Math.round((multi.statements * ROWS_PER_STATEMENT) / multi.seconds),
      statements_per_s: Math.round(multi.statements / multi.seconds),
      latency: multi.latency,
    },
  };
}

/**
 * The raw engines, measured first and in the same run, on the same machine: what the stack's
 * figures are compared with.
 */
export async function runBaselines(ctx: BenchContext): Promise<Baselines> {
  ctx.log('baselines: bare express 5 app (autocannon from another process)');
  const express = await expressBaseline(ctx);
  ctx.log(`  ${express.requests_per_s} req/s, p99 ${express.latency.p99_ms} ms`);
  ctx.log(`baselines: raw JetStream publishes (window ${JETSTREAM_WINDOW}, Nats-Msg-Id)`);
  const jetstreamResult = await jetStreamBaseline(ctx);
  ctx.log(`  ${jetstreamResult.messages_per_s} msg/s`);
  ctx.log(`baselines: raw PostgreSQL inserts (${POSTGRES_CLIENTS} clients)`);
  const postgres = await postgresBaseline(ctx);
  ctx.log(
    `  single-row ${postgres.single_row.rows_per_s} rows/s; ${ROWS_PER_STATEMENT}-row ${postgres.multi_row.rows_per_s} rows/s`,
  );
  return { express, jetstream: jetstreamResult, postgres };
}
