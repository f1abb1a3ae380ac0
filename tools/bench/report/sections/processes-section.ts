import type { BenchResults, ProfileSummary } from '../../bench-results';
import { APP_NAMES } from '@switchboard/testing';
import { MACHINE } from '../../process-sampler';
import { table } from '../markdown-format';

/** Peak memory of each service by phase, then busy CPU seconds of every process by phase. */
export function processesSection(processes: BenchResults['processes']): string[] {
  const phases = Object.keys(processes);
  const names = [...new Set(Object.values(processes).flatMap((p) => Object.keys(p)))];
  const services = names.filter((name) => (APP_NAMES as readonly string[]).includes(name)).sort();
  const others = names.filter((name) => !services.includes(name) && name !== MACHINE).sort();
  if (!services.length) return [];
  return [
    '',
    '### Peak memory per service (VmHWM, MiB; target < 256)',
    '',
    table(
      ['service', ...phases, 'max'],
      services.map((service) => {
        const values = phases.map((phase) => processes[phase]?.[service]?.hwm_mb);
        const max = Math.max(...values.map((v) => v ?? 0));
        return [service, ...values.map((v) => (v === undefined ? '—' : String(v))), String(max)];
      }),
    ),
    '',
    '### CPU seconds per phase',
    '',
    'Busy CPU time during each phase: each service process, the PostgreSQL backends serving its database, the private nats-server, the load generator, and the whole machine (which includes them, Redis, and whatever else ran on it meanwhile).',
    '',
    table(
      ['process', ...phases],
      [...services, ...others, MACHINE].map((name) => [
        name,
        ...phases.map((phase) => {
          const used = processes[phase]?.[name]?.cpu_s;
          return used === undefined ? '—' : String(used);
        }),
      ]),
    ),
  ];
}

/** Where the CPU went in each service, from `--cpu-prof` profiles. */
export function profilesSection(profiles: readonly ProfileSummary[]): string[] {
  return [
    '',
    '### Where the CPU went (`--cpu-prof`)',
    '',
    table(
      ['service', 'by area', 'hottest functions (self time)'],
      profiles.map((p) => [
        p.service,
        p.by_area
          .slice(0, 6)
          .map((a) => `${a.area} ${a.percent}%`)
          .join(', '),
        p.top_functions
          .slice(0, 5)
          .map((f) => `\`${f.name}\` (${f.where}) ${f.percent}%`)
          .join(', '),
      ]),
    ),
  ];
}

/** What the run itself noted (phases skipped, baselines missing, …). */
export function notesSection(notes: readonly string[]): string[] {
  return ['', '### Notes from this run', '', ...notes.map((n) => `- ${n}`)];
}
