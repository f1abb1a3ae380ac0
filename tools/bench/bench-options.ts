import os from 'node:os';
import path from 'node:path';
import { parseCpuList } from './cpu-affinity';

export const PHASES = ['baselines', 'accept', 'start', 'e2e', 'data', 'scaling'] as const;
export type Phase = (typeof PHASES)[number];

export const PROFILES = ['full', 'quick', 'smoke'] as const;
export type Profile = (typeof PROFILES)[number];

/** Everything a run needs to know, parsed once from the command line. */
export interface BenchOptions {
  profile: Profile;
  phases: readonly Phase[];
  /** Seconds of each load step (a baseline, an accept run, one e2e rate). */
  seconds: number;
  /** Offered rates of the end-to-end phase, msg/s. */
  rates: readonly number[];
  /** Provider latencies the end-to-end phase is run with (provider-sandbox `latency` fault). */
  sandboxLatenciesMs: readonly number[];
  /** Messages seeded for the data phase (conversations: a tenth). */
  rows: number;
  /** Messages per request on the bulk endpoint. */
  batchSize: number;
  /** HTTP connections of the closed-loop runs. */
  connections: number;
  /** Requests per query kind in the data phase (bounded by `seconds` too). */
  queryRequests: number;
  /** Only the data phase's reads whose name holds this text (`--reads=search`); unset: all. */
  reads?: string;
  /** `dist` runs the esbuild bundles (as deployed); `tsx` the sources. */
  runtime: 'dist' | 'tsx';
  /** Where results go: `<out>/<date>.json` and `<out>/<date>.plans.txt`. */
  out: string;
  /** Rewrite the results section of docs/BENCHMARKS.md and docs/bench-latency.svg. */
  docs: boolean;
  /** Run the services under `node --cpu-prof` and summarise the profiles. */
  cpuProf: boolean;
  /**
   * Where provider callbacks arrive in the end-to-end phase: straight at webhook-ingest, as the
   * Kubernetes Ingress routes them (default), or through the gateway's local proxy.
   */
  callbacksTo: 'webhook-ingest' | 'gateway';
  /** Databases are `<prefix>` (seeded) and `<prefix>_<phase>`; the smoke run has its own. */
  databasePrefix: string;
  /**
   * NATS servers the stacks run on: 1 (default) or a cluster on loopback whose streams keep as
   * many replicas (R3 with 3), to measure what replication costs.
   */
  natsCluster: number;
  /** Extra environment for every service (`--set KEY=VALUE`): A/B runs of a setting. */
  serviceEnv: Readonly<Record<string, string>>;
  /**
   * The cores the whole run is pinned to (`--cpus=0`): every process it starts, and the
   * PostgreSQL, Redis and NATS servers already running, given their own cores back afterwards.
   * Unset: no pinning.
   */
  cpus?: readonly number[];
  /** What a person typed, for the record. */
  command: string;
}

const PROFILE_DEFAULTS: Readonly<
  Record<
    Profile,
    Omit<
      BenchOptions,
      'profile' | 'command' | 'serviceEnv' | 'callbacksTo' | 'natsCluster' | 'cpus'
    >
  >
> = {
  full: {
    phases: PHASES,
    seconds: 30,
    rates: [250, 500, 700, 1000, 2000],
    sandboxLatenciesMs: [0, 50],
    rows: 5_000_000,
    batchSize: 1000,
    connections: 32,
    queryRequests: 2_000,
    runtime: 'dist',
    out: 'tools/bench/results',
    docs: true,
    cpuProf: false,
    databasePrefix: 'switchboard_bench',
  },
  quick: {
    phases: PHASES,
    seconds: 8,
    rates: [250, 700, 2000],
    sandboxLatenciesMs: [0, 50],
    rows: 500_000,
    batchSize: 1000,
    connections: 32,
    queryRequests: 400,
    runtime: 'dist',
    out: 'tools/bench/results',
    docs: true,
    cpuProf: false,
    databasePrefix: 'switchboard_bench',
  },
  smoke: {
    // Not the start and scaling phases: the first builds the whole stack as \`npm start\` does,
    // the second pins the shared servers to one core and runs everything twice.
    phases: ['baselines', 'accept', 'e2e', 'data'],
    seconds: 2,
    rates: [50],
    sandboxLatenciesMs: [0],
    rows: 20_000,
    batchSize: 100,
    connections: 8,
    queryRequests: 20,
    runtime: 'dist',
    out: path.join(os.tmpdir(), 'switchboard-bench-smoke'),
    docs: false,
    cpuProf: false,
    databasePrefix: 'switchboard_bench_smoke',
  },
};

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run bench -- [options]

  --quick                 short steps (8 s), a 500k-message seed
  --smoke                 a few seconds per phase, a tiny seed; results in a temp dir, docs untouched
  --phases=a,b            any of ${PHASES.join(', ')}
                          (default: all; --smoke leaves out start and scaling)
  --seconds=N             seconds per load step
  --rates=a,b             end-to-end offered rates, msg/s (default 250,500,700,1000,2000)
  --sandbox-latency=a,b   provider latencies in ms for the end-to-end phase (default 0,50)
  --rows=N                messages to seed for the data phase (default 5000000)
  --reads=TEXT            only the data phase's reads whose name holds TEXT, e.g. search
  --batch-size=N          messages per bulk request (1-1000, default 1000)
  --connections=N         HTTP connections of the closed-loop runs (default 32)
  --runtime=dist|tsx      run the bundles (default) or the sources
  --out=DIR               results directory (default tools/bench/results)
  --no-docs               leave docs/BENCHMARKS.md and docs/bench-latency.svg alone
  --cpu-prof              profile every service (node --cpu-prof) and summarise the hot spots
  --callbacks=TO          where provider callbacks arrive end to end: webhook-ingest (default,
                          as the Kubernetes Ingress routes them) or gateway (the local proxy)
  --nats-cluster=N        run NATS as N clustered servers on loopback, streams with N replicas
                          (3: R3 as in production; default 1, one server and R1)
  --database-prefix=NAME  databases NAME and NAME_<phase> (default switchboard_bench)
  --set=KEY=VALUE         extra environment for every service (repeatable), e.g. --set=LOG_LEVEL=warn
  --cpus=LIST             pin the run to these cores (taskset), e.g. 0 or 0,1 or 0-1: every process
                          it starts and the running PostgreSQL, Redis and NATS servers, whose own
                          cores are given back afterwards (needs root or the servers' account)
  --report=FILE           measure nothing: write the docs again from a recorded run
                          (tools/bench/results/*.json), its targets checked anew`;

const positive = (name: string, raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive integer`);
  return value;
};

const list = (name: string, raw: string, min: number): number[] =>
  raw.split(',').map((item) => {
    const value = Number(item.trim());
    if (!Number.isInteger(value) || value < min) {
      throw new UsageError(`--${name} takes integers of at least ${min}, comma-separated`);
    }
    return value;
  });

/**
 * Parses the command line. A profile flag (`--quick`, `--smoke`) picks the defaults; every
 * other flag overrides one of them.
 *
 * @example parseBenchOptions(['--quick', '--phases=accept,e2e'])
 */
export function parseBenchOptions(argv: readonly string[]): Readonly<BenchOptions> {
  const profile: Profile = argv.includes('--smoke')
    ? 'smoke'
    : argv.includes('--quick')
      ? 'quick'
      : 'full';
  const options: BenchOptions = {
    profile,
    ...PROFILE_DEFAULTS[profile],
    serviceEnv: {},
    callbacksTo: 'webhook-ingest',
    natsCluster: 1,
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
  };
  for (const arg of argv) {
    const [flag, value = ''] = arg.split(/=(.*)/s, 2) as [string, string?];
    switch (flag) {
      case '--quick':
      case '--smoke':
        break;
      case '--phases': {
        const phases = value.split(',').map((p) => p.trim());
        const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p));
        if (unknown.length || !phases.length) {
          throw new UsageError(`unknown phase ${unknown.join(', ')}; one of ${PHASES.join(', ')}`);
        }
        // Always in the canonical order: the baselines come first, in the same run.
        options.phases = PHASES.filter((p) => phases.includes(p));
        break;
      }
      case '--seconds':
        options.seconds = positive('seconds', value);
        break;
      case '--rates':
        options.rates = list('rates', value, 1);
        break;
      case '--sandbox-latency':
        options.sandboxLatenciesMs = list('sandbox-latency', value, 0);
        break;
      case '--rows':
        options.rows = positive('rows', value);
        break;
      case '--reads':
        if (!value.trim()) throw new UsageError("--reads needs part of a read's name, e.g. search");
        options.reads = value.trim();
        break;
      case '--batch-size':
        options.batchSize = positive('batch-size', value);
        if (options.batchSize > 1000) throw new UsageError('--batch-size is at most 1000');
        break;
      case '--connections':
        options.connections = positive('connections', value);
        break;
      case '--runtime':
        if (value !== 'dist' && value !== 'tsx') throw new UsageError('--runtime is dist or tsx');
        options.runtime = value;
        break;
      case '--out':
        if (!value) throw new UsageError('--out needs a directory');
        options.out = value;
        break;
      case '--no-docs':
        options.docs = false;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--callbacks':
        if (value !== 'webhook-ingest' && value !== 'gateway') {
          throw new UsageError('--callbacks is webhook-ingest or gateway');
        }
        options.callbacksTo = value;
        break;
      case '--nats-cluster':
        options.natsCluster = positive('nats-cluster', value);
        if (options.natsCluster > 5) throw new UsageError('--nats-cluster is at most 5');
        break;
      case '--database-prefix':
        if (!/^[a-z_][a-z0-9_]*$/.test(value)) {
          throw new UsageError('--database-prefix takes a lowercase database name, e.g. bench_r3');
        }
        options.databasePrefix = value;
        break;
      case '--cpus': {
        let cpus: number[];
        try {
          cpus = parseCpuList(value);
        } catch {
          throw new UsageError('--cpus takes a CPU list, e.g. 0 or 0,1 or 0-1');
        }
        const present = os.cpus().length;
        if (!cpus.length || cpus.some((cpu) => cpu >= present)) {
          throw new UsageError(`--cpus: this machine has CPUs 0-${present - 1}`);
        }
        options.cpus = cpus;
        break;
      }
      case '--set': {
        const [key, setting] = value.split(/=(.*)/s, 2) as [string, string?];
        if (!/^[A-Z][A-Z0-9_]*$/.test(key) || setting === undefined) {
          throw new UsageError('--set takes KEY=VALUE, e.g. --set=SEND_GROUP_MAX=1');
        }
        options.serviceEnv = { ...options.serviceEnv, [key]: setting };
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return Object.freeze(options);
}
