import { readFileSync } from 'node:fs';

/** What one process (or a group of processes) used over a sampling window. */
export interface ProcessUsage {
  /** The highest VmRSS seen by sampling, MiB (0 for a group of processes). */
  peak_rss_mb: number;
  /** VmHWM at the last sample, MiB: the kernel's own high-water mark over the process's life. */
  hwm_mb: number;
  /** CPU time (user + system) spent during the window, seconds. */
  cpu_s: number;
  samples: number;
}

/** The processes behind a name, looked up at every sample (a group's members may change). */
export type ProcessSource = () => readonly number[] | Promise<readonly number[]>;

const SAMPLE_EVERY_MS = 500;
const CLOCK_TICKS_PER_S = 100;

/** The entry for the whole machine: what the named processes used is part of it. */
export const MACHINE = '(whole machine)';

/** CPU seconds a process has used so far, or undefined once it has gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: the fields after the command name; utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** VmRSS and VmHWM of a process in MiB, or undefined once it has gone. */
function memory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine so far (every process, every core). */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const values = fields.map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return (values.reduce((sum, v) => sum + v, 0) - idle) / CLOCK_TICKS_PER_S;
}

export interface ProcessSampler {
  /** CPU seconds each name (and `MACHINE`) has used since sampling started, sampled now. */
  mark(): Promise<Record<string, number>>;
  /** Stops sampling and returns what each name used, and the whole machine under `MACHINE`. */
  stop(): Promise<Record<string, ProcessUsage>>;
}

/** CPU seconds used between two marks, by name. */
export function cpuBetween(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, seconds]) => [
      name,
      Math.round((seconds - (before[name] ?? 0)) * 100) / 100,
    ]),
  );
}

/**
 * Samples named processes every half second: peak memory (`/proc/<pid>/status`) of a single
 * process, and CPU time over the window (`/proc/<pid>/stat`) of a process or a group — beside
 * the busy CPU time of the whole machine, whatever ran on it.
 *
 * @example const sampler = sampleProcesses({ gateway: () => [pid] }); … (await sampler.stop()).gateway;
 */
export function sampleProcesses(
  sources: Readonly<Record<string, ProcessSource>>,
  /** The names whose memory is sampled: single processes (a group's RSS would double-count). */
  withMemory: readonly string[] = Object.keys(sources),
): ProcessSampler {
  const usage: Record<string, ProcessUsage> = {};
  /** CPU seconds of each pid when first seen, and last seen. */
  const cpu = new Map<number, { first: number; last: number }>();
  const members = new Map<string, Set<number>>();
  const machineStart = machineBusySeconds();
  let sampling: Promise<void> = Promise.resolve();

  const sample = async () => {
    for (const [name, source] of Object.entries(sources)) {
      let pids: readonly number[];
      try {
        pids = await source();
      } catch {
        continue;
      }
      const entry = (usage[name] ??= { peak_rss_mb: 0, hwm_mb: 0, cpu_s: 0, samples: 0 });
      const known = members.get(name) ?? new Set<number>();
      members.set(name, known);
      for (const pid of pids) {
        const now = cpuSeconds(pid);
        if (now === undefined) continue;
        known.add(pid);
        const seen = cpu.get(pid);
        if (seen) seen.last = now;
        else cpu.set(pid, { first: now, last: now });
      }
      entry.cpu_s =
        Math.round(
          [...known].reduce((sum, pid) => sum + (cpu.get(pid)!.last - cpu.get(pid)!.first), 0) * 10,
        ) / 10;
      if (withMemory.includes(name) && pids.length === 1) {
        const mem = memory(pids[0]!);
        if (mem) {
          entry.peak_rss_mb = Math.max(entry.peak_rss_mb, Math.round(mem.rss));
          entry.hwm_mb = Math.max(entry.hwm_mb, Math.round(mem.hwm));
        }
      }
      entry.samples += 1;
    }
  };
  const tick = () => {
    sampling = sampling.then(sample, sample);
  };
  tick();
  const timer = setInterval(tick, SAMPLE_EVERY_MS);
  return {
    async mark() {
      tick();
      await sampling;
      return {
        ...Object.fromEntries(Object.entries(usage).map(([name, used]) => [name, used.cpu_s])),
        [MACHINE]: Math.round((machineBusySeconds() - machineStart) * 10) / 10,
      };
    },
    async stop() {
      clearInterval(timer);
      tick();
      await sampling;
      const busy = Math.round((machineBusySeconds() - machineStart) * 10) / 10;
      return { ...usage, [MACHINE]: { peak_rss_mb: 0, hwm_mb: 0, cpu_s: busy, samples: 1 } };
    },
  };
}

/** Several windows as one: the larger peaks, the CPU time added up. */
export function mergeUsage(
  ...windows: readonly Record<string, ProcessUsage>[]
): Record<string, ProcessUsage> {
  const merged: Record<string, ProcessUsage> = {};
  for (const window of windows) {
    for (const [name, used] of Object.entries(window)) {
      const into = (merged[name] ??= { peak_rss_mb: 0, hwm_mb: 0, cpu_s: 0, samples: 0 });
      into.peak_rss_mb = Math.max(into.peak_rss_mb, used.peak_rss_mb);
      into.hwm_mb = Math.max(into.hwm_mb, used.hwm_mb);
      into.cpu_s = Math.round((into.cpu_s + used.cpu_s) * 10) / 10;
      into.samples += used.samples;
    }
  }
  return merged;
}
