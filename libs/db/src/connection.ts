import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { typeParsers } from './timestamptz';

export interface DbOptions {
  url: string;
  poolMax?: number;
  /** Give up on a connection attempt after this long, so readiness and requests fail fast. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export interface Db {
  db: Kysely<Database>;
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A kysely instance over a pg pool.
 *
 * @example const { db } = createDb({ url: 'postgres://postgres@127.0.0.1/switchboard' });
 */
export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
    // No JIT: every statement here is short, and a plan PostgreSQL judges costly (a search for a
    // phrase of two common words) spent as long compiling as running (92 → 46 ms without it).
    options: '-c jit=off',
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor may one that is checked out but between queries (a transaction awaiting a publish): the
  // pool listens only while a client is idle, and an 'error' event nobody listens to kills the
  // process. The client's next query fails instead, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Drops the database named in `url` (and ends its sessions); for throwaway test databases. */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    await client.query(`drop database if exists "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (err) {
    // Another process created it between our check and our create.
    if ((err as { code?: string }).code === '42P04') return false;
    throw err;
  } finally {
    await client.end();
  }
}
