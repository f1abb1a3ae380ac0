import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest } from '@switchboard/db';
import { startStack, type AppName, type Stack } from '@switchboard/testing';
import type { BenchOptions } from './bench-options';
import { pinProcesses, serverTargets, type Pinning, type ServerUrls } from './cpu-affinity';
import { activeWorkerPids } from './load/run-worker';
import { sampleProcesses, type ProcessSampler, type ProcessUsage } from './process-sampler';

/** Far above any load here: the limiter still runs (its Redis round trip is measured) but never refuses. */
const UNLIMITED_REQUESTS = '1000000000';
/** Output kept per service process: enough for a failure's last words, bounded under load. */
const OUTPUT_LIMIT_CHARS = 2_000_000;

/** Brings a database's schema up to date. */
async function migrate(url: string): Promise<void> {
  const database = createDb({ url, poolMax: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

/** What every phase gets: the options, the databases, the stack, and where to note things. */
export interface BenchContext {
  options: Readonly<BenchOptions>;
  /** A database on the benchmark's PostgreSQL server. */
  databaseUrl(database: string): string;
  /** Drops and creates a database: every phase that writes starts from an empty one. */
  freshDatabase(database: string): Promise<string>;
  /** Boots apps as processes, with the benchmark's settings, and samples their memory and CPU. */
  startStack(options: {
    /** Names the processes in memory and CPU reports. */
    phase: string;
    database: string;
    only?: readonly AppName[];
    env?: Record<string, string>;
    /** Where provider callbacks arrive (`startStack`'s option). */
    callbacksTo?: 'gateway' | 'webhook-ingest';
  }): Promise<Stack & { usage: ProcessSampler }>;
  /**
   * Samples a stack's processes — its services, its nats-server, the PostgreSQL backends serving
   * `database` and the load generator — as `startStack` does for its own.
   */
  sampleStack(options: {
    database: string;
    services: Readonly<Record<string, () => readonly number[]>>;
    nats: () => readonly number[];
  }): ProcessSampler;
  /** Names a process started outside `startStack` (a restart) for the CPU profile report. */
  trackProcess(phase: string, name: string, pid: number | undefined): void;
  /**
   * Pins this run — and so every process it starts until `restore()` — and the PostgreSQL,
   * Redis and NATS servers already running to `cpus`. Throws, pinning nothing, when a server
   * cannot be pinned.
   */
  pin(cpus: readonly number[]): Pinning;
  /** The processes whose cores the machine state records (name → pid): this run, the servers. */
  affinityWatch(): Record<string, number>;
  log(message: string): void;
  /** A remark for the results (a skipped step, a shortened run). */
  note(message: string): void;
  /** What each service process used in a phase. */
  recordUsage(phase: string, usage: Record<string, ProcessUsage>): void;
  /** Where node --cpu-prof writes, when profiling. */
  profileDir: string | undefined;
  /** `<phase>/<service>` of every service process started, by process id. */
  servicesByPid: ReadonlyMap<number, string>;
}

const pidsOf = (pid: number | undefined) => (pid === undefined ? [] : [pid]);

/** The server processes serving a database's sessions (the services' pools). */
function postgresBackends(url: string) {
  const client = new pg.Client({ connectionString: url });
  const connecting = client.connect();
  return {
    async pids(): Promise<number[]> {
      await connecting;
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return rows.map((row) => row.pid);
    },
    close: () => client.end().catch(() => undefined),
  };
}

export function createBenchContext(options: {
  bench: Readonly<BenchOptions>;
  serverUrl: string;
  /** The servers `pin` pins beside this run. */
  servers: ServerUrls;
  notes: string[];
  processes: Record<string, Record<string, ProcessUsage>>;
  profileDir: string | undefined;
}): BenchContext {
  const { bench, notes, profileDir } = options;
  const databaseUrl = (database: string) => {
    const url = new URL(options.serverUrl);
    url.pathname = `/${encodeURIComponent(database)}`;
    return url.toString();
  };
  const log = (message: string) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const servicesByPid = new Map<number, string>();
  const trackProcess = (phase: string, name: string, pid: number | undefined) => {
    if (pid !== undefined) servicesByPid.set(pid, `${phase}/${name}`);
  };
  const sampleStack: BenchContext['sampleStack'] = ({ database, services, nats }) => {
    const backends = postgresBackends(databaseUrl(database));
    const sampler = sampleProcesses(
      {
        ...services,
        'nats-server': nats,
        'postgres (this database)': backends.pids,
        'load generator': activeWorkerPids,
      },
      Object.keys(services),
    );
    return {
      mark: () => sampler.mark(),
      async stop() {
        const used = await sampler.stop();
        await backends.close();
        return used;
      },
    };
  };

  return {
    options: bench,
    databaseUrl,
    async freshDatabase(database) {
      const url = databaseUrl(database);
      await dropDatabase(url);
      await ensureDatabase(url);
      return url;
    },
    async startStack({ phase, database, only, env = {}, callbacksTo }) {
      // The schema first, as a deploy's migration job does: left to conversation-service's own
      // migration at start, the other services would query a bare database meanwhile.
      await migrate(databaseUrl(database));
      const stack = await startStack({
        ...(only ? { only } : {}),
        ...(callbacksTo ? { callbacksTo } : {}),
        ...(bench.natsCluster > 1 ? { natsCluster: bench.natsCluster } : {}),
        env: {
          DATABASE_URL: databaseUrl(database),
          RATE_LIMIT_REQUESTS: UNLIMITED_REQUESTS,
          ...bench.serviceEnv,
          ...env,
        },
        process: {
          runtime: bench.runtime,
          outputLimit: OUTPUT_LIMIT_CHARS,
          ...(profileDir
            ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] }
            : {}),
        },
      });
      const names = Object.keys(stack.apps) as AppName[];
      for (const name of names) trackProcess(phase, name, stack.apps[name].process.pid);
      const usage = sampleStack({
        database,
        // Looked up at every sample: a restarted app is followed to its new process.
        services: Object.fromEntries(
          names.map((name) => [name, () => pidsOf(stack.apps[name].process.pid)]),
        ),
        // Every server of a cluster: replication costs CPU on the followers too.
        nats: () =>
          (stack.natsCluster?.nodes ?? [stack.nats]).flatMap((n) => pidsOf(n.process.pid)),
      });
      return Object.assign(stack, { usage });
    },
    sampleStack,
    trackProcess,
    pin(cpus) {
      const { targets, problems } = serverTargets(options.servers);
      if (problems.length) {
        throw new Error(`cannot pin the servers to CPUs: ${problems.join('; ')}`);
      }
      return pinProcesses(cpus, [
        { name: 'this run (every process it starts)', pid: process.pid },
        ...targets,
      ]);
    },
    affinityWatch() {
      const { targets } = serverTargets(options.servers);
      return Object.fromEntries([
        ['this run', process.pid],
        ...targets.map((target) => [target.name, target.pid] as const),
      ]);
    },
    log,
    note(message) {
      log(message);
      notes.push(message);
    },
    recordUsage(phase, usage) {
      options.processes[phase] = usage;
    },
    profileDir,
    servicesByPid,
  };
}
