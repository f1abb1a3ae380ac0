/**
 * The benchmark: raw-engine baselines first, then the accept path, the stack as `npm start` runs
 * it, end to end, scale with data, and scale with cores, all in one run on this machine, with
 * results written to `tools/bench/results/<date>.json` and a summary into docs/BENCHMARKS.md (and
 * docs/bench-latency.svg).
 *
 *   npm run bench                      the full run (several minutes; seeds 5M messages once)
 *   npm run bench -- --quick           short steps and a smaller seed
 *   npm run bench:smoke                a few seconds per phase (CI)
 *   npm run bench -- --cpus=0          every process on one core (taskset), servers included
 *   npm run bench -- --report=FILE     the docs written again from a recorded run's results
 *   npm run bench -- --help            every option
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { databaseUrl, loadConfig, natsEnv, postgresEnv, redisEnv } from '@switchboard/config';
import { APP_NAMES } from '@switchboard/testing';
import { createBenchContext } from './bench-context';
import { PHASES, USAGE, UsageError, parseBenchOptions, type BenchOptions } from './bench-options';
import type { BenchResults } from './bench-results';
import { machineInfo, machineState } from './machine-info';
import { runAccept } from './phases/accept.phase';
import { runBaselines } from './phases/baselines.phase';
import { runData } from './phases/data.phase';
import { runE2e } from './phases/e2e.phase';
import { runScaling } from './phases/scaling.phase';
import { runStart } from './phases/start.phase';
import { summarizeProfiles } from './report/cpu-profile';
import { latencyChartSvg } from './report/latency-chart';
import { renderResults } from './report/markdown-report';
import { writeResultsSection } from './report/results-section-file';
import { checkTargets } from './report/targets';
import type { ProcessUsage } from './process-sampler';

const ROOT = path.resolve(__dirname, '../..');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');
const CHART = path.join(ROOT, 'docs', 'bench-latency.svg');

const settingsSchema = z.object({
  ...postgresEnv.shape,
  ...redisEnv.shape,
  ...natsEnv.pick({ NATS_URL: true }).shape,
});

function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort) });
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function build(options: BenchOptions): string | undefined {
  if (options.runtime !== 'dist') return undefined;
  const command = `node tools/build/build.mjs ${APP_NAMES.join(' ')}`;
  const result = spawnSync(process.execPath, ['tools/build/build.mjs', ...APP_NAMES], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${command} failed:\n${result.stderr}`);
  return command;
}

/** Writes the results section of docs/BENCHMARKS.md and the chart from a run's results. */
async function writeDocs(results: BenchResults, json: string, plans: string): Promise<void> {
  const relative = (file: string) => path.relative(path.dirname(DOC), file);
  await writeResultsSection(
    DOC,
    renderResults(results, { json: relative(json), plans: relative(plans) }),
  );
  if (results.e2e?.length) {
    writeFileSync(CHART, latencyChartSvg(results.e2e, 'Switchboard: accept → provider latency'));
  }
}

function printTargets(results: BenchResults): void {
  for (const target of results.targets) {
    const verdict = target.met === null ? '  ?' : target.met ? ' ok' : 'MISS';
    console.log(`${verdict}  ${target.name}: ${target.measured} (target ${target.target})`);
  }
}

/** `--report=<results.json>`: the docs written again from a recorded run, targets checked anew. */
async function report(file: string): Promise<void> {
  const json = path.resolve(file);
  const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults;
  results.targets = checkTargets(results);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  await writeDocs(results, json, json.replace(/\.json$/, '.plans.txt'));
  printTargets(results);
  console.log(`updated ${path.relative(ROOT, DOC)} and ${path.relative(ROOT, CHART)}`);
}

async function main() {
  let options: Readonly<BenchOptions>;
  try {
    if (process.argv.includes('--help')) {
      console.log(USAGE);
      return;
    }
    const reportArg = process.argv.find((a) => a.startsWith('--report='));
    if (reportArg) {
      await report(reportArg.slice('--report='.length));
      return;
    }
    options = parseBenchOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }

  const settings = loadConfig(settingsSchema, process.env);
  const serverUrl = databaseUrl(settings);
  if (!(await reachable(serverUrl, 5432))) {
    throw new Error(
      `PostgreSQL does not answer at ${new URL(serverUrl).host}: run \`npm run setup\``,
    );
  }
  if (!(await reachable(settings.REDIS_URL, 6379))) {
    throw new Error(
      `Redis does not answer at ${new URL(settings.REDIS_URL).host}: run \`npm run setup\``,
    );
  }

  const started = new Date();
  const stamp = started.toISOString().slice(0, 19).replace(/:/g, '-');
  const outDir = path.resolve(ROOT, options.out);
  mkdirSync(outDir, { recursive: true });
  const notes: string[] = [];
  const processes: Record<string, Record<string, ProcessUsage>> = {};
  const ctx = createBenchContext({
    bench: options,
    serverUrl,
    servers: { postgres: serverUrl, redis: settings.REDIS_URL, nats: settings.NATS_URL },
    notes,
    processes,
    profileDir: options.cpuProf ? path.join(outDir, `${stamp}-profiles`) : undefined,
  });

  ctx.log(
    `profile ${options.profile}: ${options.phases.join(', ')}; ${options.seconds} s per step`,
  );
  const buildCommand = build(options);
  const results: BenchResults = {
    version: 1,
    started_at: started.toISOString(),
    finished_at: '',
    options: (({ command: _command, ...rest }) => rest)(options),
    phases: [...options.phases],
    commands: [options.command, ...(buildCommand ? [buildCommand] : [])],
    machine: await machineInfo(serverUrl),
    machine_state: {},
    baselines: {},
    processes,
    targets: [],
    notes,
  };

  // Pinned for the whole run: this process (every process it starts inherits its cores) and the
  // servers, each given its own cores back at the end, on a failure, or on Ctrl-C.
  const pinning = options.cpus ? ctx.pin(options.cpus) : undefined;
  if (pinning) {
    ctx.log(
      `pinned to CPUs ${options.cpus!.join(',')}: ${Object.entries(pinning.processes)
        .map(([name, pids]) => `${name} (${pids.length} process${pids.length === 1 ? '' : 'es'})`)
        .join(', ')}`,
    );
  }
  try {
    for (const phase of options.phases) {
      results.machine_state[phase] = await machineState(ctx.affinityWatch());
      const { loadavg, cpu_busy_percent: busy } = results.machine_state[phase]!;
      ctx.log(`== ${phase} (load ${loadavg.join('/')}, ${busy}% CPU busy before it)`);
      switch (phase) {
        case 'baselines':
          results.baselines = await runBaselines(ctx);
          break;
        case 'accept':
          results.accept = await runAccept(ctx, results.baselines);
          break;
        case 'start':
          results.start = await runStart(ctx, path.join(outDir, `${stamp}-start.log`));
          break;
        case 'e2e':
          results.e2e = await runE2e(ctx, results.baselines);
          break;
        case 'data':
          results.data = await runData(ctx);
          break;
        case 'scaling':
          results.scaling = await runScaling(ctx, results.baselines);
          break;
      }
    }
  } finally {
    for (const failure of pinning?.restore() ?? []) {
      console.error(`could not give back the cores of ${failure}`);
    }
  }
  if (!options.phases.includes('baselines')) {
    ctx.note('the baselines were not measured in this run: ratios are left out');
  }
  if (ctx.profileDir) results.profiles = summarizeProfiles(ctx.profileDir, ctx.servicesByPid);
  results.targets = checkTargets(results);
  results.finished_at = new Date().toISOString();

  const json = path.join(outDir, `${stamp}.json`);
  const plans = path.join(outDir, `${stamp}.plans.txt`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    plans,
    (results.data?.plans ?? []).map((p) => `== ${p.name}\n\n${p.sql}\n\n${p.plan}\n`).join('\n'),
  );
  ctx.log(`results: ${path.relative(ROOT, json)} (plans: ${path.relative(ROOT, plans)})`);

  if (options.docs && PHASES.every((phase) => options.phases.includes(phase))) {
    await writeDocs(results, json, plans);
    ctx.log(`updated ${path.relative(ROOT, DOC)} and ${path.relative(ROOT, CHART)}`);
  } else if (options.docs) {
    ctx.log('docs left alone: not every phase ran');
  }

  printTargets(results);
  console.log(json);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
