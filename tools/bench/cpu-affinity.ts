import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/*
 * Pinning processes to cores with `taskset`, and giving each its own cores back afterwards: a
 * run on fewer cores than the machine has (`--cpus`, the scaling phase) pins the benchmark
 * itself (every process it starts inherits that) and the PostgreSQL, Redis and NATS servers
 * already running on this machine.
 */

/** `0-2,5` (the kernel's and taskset's notation) → [0, 1, 2, 5]. */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  for (const part of text.trim().split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(range?.[1]);
    const to = range?.[2] === undefined ? from : Number(range[2]);
    if (!range || to < from) throw new Error(`not a CPU list: ${text}`);
    for (let cpu = from; cpu <= to; cpu += 1) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** [0, 1, 2, 5] → `0-2,5`. */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

/** The CPUs a process may run on (`Cpus_allowed_list`), or undefined once it has gone. */
export function cpusAllowed(pid: number): number[] | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
    return list === undefined ? undefined : parseCpuList(list);
  } catch {
    return undefined;
  }
}

const processIds = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** The process listening on a TCP port of this machine, when this user may see its sockets. */
export function listenerPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st … inode: a listening socket has state 0A.
      const fields = line.trim().split(/\s+/);
      const local = fields[1]?.split(':').pop();
      if (fields[3] === '0A' && local && parseInt(local, 16) === port && fields[9]) {
        inodes.add(fields[9]);
      }
    }
  }
  if (!inodes.size) return undefined;
  for (const pid of processIds()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (inodes.has(target.slice('socket:['.length, -1)) && target.startsWith('socket:')) {
          return pid;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

/** The processes whose parent is `pid` (PostgreSQL's backends and workers are its children). */
export function childrenOf(pid: number): number[] {
  return processIds().filter((child) => {
    try {
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      // Fields after the command name: state, then the parent's pid.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

/** A process to pin: with `withChildren`, every child it has now and forks until restored. */
export interface PinTarget {
  name: string;
  pid: number;
  withChildren?: boolean;
}

export interface Pinning {
  cpus: readonly number[];
  /** The processes pinned, by target name. */
  processes: Readonly<Record<string, readonly number[]>>;
  /**
   * Gives every pinned process the cores it had before (a child forked meanwhile gets its
   * parent's); answers what could not be restored. Idempotent and synchronous, so it also runs
   * on exit and on SIGINT/SIGTERM.
   */
  restore(): string[];
}

function taskset(cpus: readonly number[], pid: number): string | undefined {
  const result = spawnSync('taskset', ['-a', '-p', '-c', formatCpuList(cpus), String(pid)], {
    encoding: 'utf8',
  });
  if (result.error) return `taskset: ${result.error.message}`;
  return result.status === 0 ? undefined : result.stderr.trim() || `exit ${result.status}`;
}

/** Pinnings in force, innermost last: on exit they are undone in reverse order. */
const active: Pinning[] = [];

function undoAll(): void {
  while (active.length) active.at(-1)!.restore();
}

function onSignal(signal: NodeJS.Signals): void {
  undoAll();
  // The default action now that the cores are given back: end as the signal would have.
  process.kill(process.pid, signal);
}

function guard(pinning: Pinning): void {
  if (!active.length) {
    process.on('exit', undoAll);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  active.push(pinning);
}

function unguard(pinning: Pinning): void {
  const index = active.indexOf(pinning);
  if (index >= 0) active.splice(index, 1);
  if (!active.length) {
    process.off('exit', undoAll);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Pins every thread of each target (`taskset -a -p`) to `cpus`, after noting the cores each
 * could use. Throws — with whatever it pinned already restored — when a target cannot be pinned
 * (another user's process needs root). Until `restore()`, an exit or SIGINT/SIGTERM restores too.
 *
 * @example const pinning = pinProcesses([0], [{ name: 'postgres', pid, withChildren: true }]); try { … } finally { pinning.restore(); }
 */
export function pinProcesses(cpus: readonly number[], targets: readonly PinTarget[]): Pinning {
  const previous = new Map<number, number[]>();
  const processes: Record<string, number[]> = {};
  let restored = false;
  const pinning: Pinning = {
    cpus: [...cpus],
    processes,
    restore() {
      if (restored) return [];
      restored = true;
      const failures: string[] = [];
      const giveBack = (pid: number, to: readonly number[]) => {
        const failure = taskset(to, pid);
        // A process that ended meanwhile has nothing to give back.
        if (failure && cpusAllowed(pid)) failures.push(`pid ${pid}: ${failure}`);
      };
      for (const target of targets) {
        const own = previous.get(target.pid);
        if (!own) continue;
        if (target.withChildren) {
          for (const child of childrenOf(target.pid)) {
            if (!previous.has(child)) giveBack(child, own);
          }
        }
      }
      for (const [pid, to] of previous) giveBack(pid, to);
      unguard(pinning);
      return failures;
    },
  };
  guard(pinning);
  for (const target of targets) {
    const pids = [target.pid, ...(target.withChildren ? childrenOf(target.pid) : [])];
    processes[target.name] = [];
    for (const pid of pids) {
      const before = cpusAllowed(pid);
      if (!before) continue;
      previous.set(pid, before);
      const failure = taskset(cpus, pid);
      if (!failure) {
        processes[target.name]!.push(pid);
        continue;
      }
      // A child that ended between listing and pinning is no failure.
      if (pid !== target.pid && !cpusAllowed(pid)) continue;
      pinning.restore();
      throw new Error(
        `cannot pin ${target.name} (pid ${pid}) to CPUs ${formatCpuList(cpus)}: ${failure}` +
          ' (pinning another user’s process takes root or CAP_SYS_NICE)',
      );
    }
  }
  return pinning;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Where the servers a run uses listen: their connection URLs. */
export interface ServerUrls {
  postgres: string;
  redis: string;
  /** The shared NATS server (the stacks run private ones, which the run starts itself). */
  nats: string;
}

/**
 * The PostgreSQL (with its backends and workers), Redis and NATS servers already running on this
 * machine, as pin targets, and why any of PostgreSQL and Redis is missing (not on this machine,
 * or its process not visible to this user). A NATS server that is not running is left out: no
 * stack uses it.
 */
export function serverTargets(urls: ServerUrls): { targets: PinTarget[]; problems: string[] } {
  const servers = [
    { name: 'postgres', url: urls.postgres, port: 5432, withChildren: true, required: true },
    { name: 'redis-server', url: urls.redis, port: 6379, withChildren: false, required: true },
    {
      name: 'nats-server',
      url: urls.nats.split(',')[0]!,
      port: 4222,
      withChildren: false,
      required: false,
    },
  ];
  const targets: PinTarget[] = [];
  const problems: string[] = [];
  for (const server of servers) {
    const { hostname, port } = new URL(server.url);
    const where = `${hostname}:${port || server.port}`;
    const local = LOOPBACK.has(hostname);
    const pid = local ? listenerPid(Number(port || server.port)) : undefined;
    if (pid !== undefined) {
      targets.push({ name: server.name, pid, withChildren: server.withChildren });
    } else if (server.required) {
      problems.push(
        local
          ? `cannot find the process of ${server.name} listening on ${where} (another user's process: run as root or as its owner)`
          : `${server.name} at ${where} is not on this machine`,
      );
    }
  }
  return { targets, problems };
}
