import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ClosedLoopResult, ClosedLoopSpec, OpenLoopResult, OpenLoopSpec } from './load-spec';

const ROOT = path.resolve(__dirname, '../../..');
/** Start-up (tsx, autocannon) and the settling of the last answers, beyond the load itself. */
const GRACE_MS = 60_000;

const running = new Set<number>();

/** Process ids of the load workers running now (their CPU is accounted as the load generator's). */
export const activeWorkerPids = (): number[] => [...running];

/** Runs a worker script as its own process and returns the JSON line it printed. */
async function runWorker<T>(script: string, spec: object, seconds: number): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, script), JSON.stringify(spec)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.pid !== undefined) running.add(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000 + GRACE_MS);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  if (child.pid !== undefined) running.delete(child.pid);
  const line = stdout.trim().split('\n').pop();
  if (code !== 0 || !line) {
    throw new Error(`${script} exited with ${code}: ${stderr.slice(-2_000)}`);
  }
  return JSON.parse(line) as T;
}

/** Closed-loop load (autocannon) from a separate process. */
export const closedLoop = (spec: ClosedLoopSpec) =>
  runWorker<ClosedLoopResult>('closed-loop.worker.ts', spec, spec.seconds);

/** Open-loop load at a fixed rate from a separate process. */
export const openLoop = (spec: OpenLoopSpec) =>
  runWorker<OpenLoopResult>('open-loop.worker.ts', spec, spec.seconds);
