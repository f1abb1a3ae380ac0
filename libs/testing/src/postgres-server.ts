import { execFile, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureDatabase } from '@switchboard/db';
import postgresClient from 'pg';
import { freePort } from './stack';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`, trust auth. */
  url: string;
  port: number;
  /** How the server goes down: `fast` disconnects clients and shuts down cleanly; `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

/** The directory holding `initdb` and `pg_ctl`: `PG_BIN_DIR`, else the newest `/usr/lib/postgresql/<v>/bin`. */
function postgresBinDir(): string {
  const configured = process.env['PG_BIN_DIR'];
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (!onPath) throw new Error('PostgreSQL server binaries not found (set PG_BIN_DIR)');
  return path.dirname(onPath);
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` OS user. */
function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error('running as root needs a `postgres` OS user to run a private PostgreSQL');
  }
  return { uid, gid: id('-g') };
}

/**
 * A PostgreSQL server of a test's own: `initdb` into a temporary directory, started with
 * `pg_ctl` on a free port (TCP on 127.0.0.1, its socket in the same directory), trust auth, and
 * a `switchboard` database. For suites that stop the database: the shared server stays up for
 * everyone else.
 *
 * @example
 * const pg = await startPrivatePostgres();
 * const stack = await startStack({ env: { DATABASE_URL: pg.url } });
 * await pg.stop(); // … the API answers 503 …
 * await pg.start();
 */

/** A data directory's server, run with `pg_ctl` as the right OS user. */
function serverControl(dir: string, dataDir: string, port: number, extra = '') {
  const bin = postgresBinDir();
  const owner = osUser();
  const pg = async (tool: string, args: readonly string[]) => {
    const command = path.join(bin, tool);
    const [file, argv] = owner
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, [...args]];
    return run(file, argv, { cwd: dir, encoding: 'utf8' });
  };
  const running = async () =>
    pg('pg_ctl', ['-D', dataDir, 'status']).then(
      () => true,
      () => false,
    );
  const start = async () => {
    if (await running()) return;
    await startServer().catch((err: unknown) => {
      // pg_ctl only says to look at the log: the error carries the log's end instead.
      const log = path.join(dir, 'postgres.log');
      const tail = existsSync(log)
        ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')
        : '';
      throw new Error(`${(err as Error).message}\n${log}:\n${tail}`, { cause: err });
    });
  };
  const startServer = async () => {
    await pg('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      // A throwaway server: no fsync (nothing here must survive a machine crash).
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off${extra}`,
      'start',
    ]);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!(await running())) return;
    await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  };
  return { pg, start, stop };
}

/** A temporary directory (with `data` in it) owned by the OS user PostgreSQL runs as. */
function serverDirectory(): { dir: string; dataDir: string } {
  const owner = osUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-pg-'));
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(dataDir, owner.uid, owner.gid);
  }
  return { dir, dataDir };
}

export async function startPrivatePostgres(
  options: { port?: number; database?: string } = {},
): Promise<PrivatePostgres> {
  const port = options.port ?? (await freePort());
  const database = options.database ?? 'switchboard';
  const { dir, dataDir } = serverDirectory();
  const { pg, start, stop } = serverControl(dir, dataDir, port);

  try {
    // initdb's trust template also lets 127.0.0.1 connect for replication, and PostgreSQL 15
    // keeps WAL for standbys by default (wal_level replica, max_wal_senders 10): a primary
    // `startPrivateReplica` can follow.
    await pg('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await start();
    const url = `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    await ensureDatabase(url);
    return {
      url,
      port,
      start,
      stop,
      async destroy() {
        await stop('immediate').catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stop('immediate').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface PrivateReplica extends PrivatePostgres {
  /** Stops applying the primary's changes (`pg_wal_replay_pause`): the replica falls behind. */
  pauseReplay(): Promise<void>;
  /** Applies them again (`pg_wal_replay_resume`). */
  resumeReplay(): Promise<void>;
}

/**
 * A hot standby of `primaryUrl`'s server: `pg_basebackup` (streaming its WAL, writing the standby
 * settings) into a temporary directory, started on a free port. It needs a primary that lets
 * 127.0.0.1 connect for replication without a password: one `startPrivatePostgres` made (its
 * initdb trust template has `host replication all 127.0.0.1/32 trust`), which is what the suites
 * use; the machine's shared server would need that pg_hba.conf line (`all` does not cover
 * `replication`) and a reload, which no suite asks of it. `url` names the same database as
 * `primaryUrl`.
 *
 * @example
 * const primary = await startPrivatePostgres();
 * const replica = await startPrivateReplica(primary.url);
 * const stack = await startStack({ env: { DATABASE_URL: primary.url, DATABASE_REPLICA_URL: replica.url } });
 */
export async function startPrivateReplica(
  primaryUrl: string,
  options: { port?: number } = {},
): Promise<PrivateReplica> {
  const primary = new URL(primaryUrl);
  const port = options.port ?? (await freePort());
  const { dir, dataDir } = serverDirectory();
  // hot_standby_feedback: the primary's vacuum keeps what the replica's reads still need.
  const { pg, start, stop } = serverControl(dir, dataDir, port, ' -c hot_standby_feedback=on');
  const url = new URL(primaryUrl);
  url.port = String(port);
  url.hostname = '127.0.0.1';
  const query = async (text: string) => {
    const client = new postgresClient.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  try {
    await pg('pg_basebackup', [
      '-h',
      primary.hostname,
      '-p',
      primary.port || '5432',
      '-U',
      decodeURIComponent(primary.username) || 'postgres',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    await start();
    return {
      url: url.toString(),
      port,
      start,
      stop,
      pauseReplay: () => query('select pg_wal_replay_pause()'),
      resumeReplay: () => query('select pg_wal_replay_resume()'),
      async destroy() {
        await stop('immediate').catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stop('immediate').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
