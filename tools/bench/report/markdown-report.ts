import path from 'node:path';
import type { BenchResults } from '../bench-results';
import { readScalingSettings, type ScalingSetting } from './capacity';
import { capacitySection } from './sections/capacity-section';
import { acceptCpuSection, acceptSection } from './sections/accept-section';
import { baselinesSection } from './sections/baselines-section';
import { dataSection } from './sections/data-section';
import { e2eSection } from './sections/e2e-section';
import { notesSection, processesSection, profilesSection } from './sections/processes-section';
import { runSection, targetsSection } from './sections/run-section';
import { scalingSection } from './sections/scaling-section';
import { startSection } from './sections/start-section';

/** The manifests the capacity model is checked against. */
const K8S_BASE = path.resolve(__dirname, '../../../k8s/base');

export const RESULTS_START = '<!-- bench:results:start -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** The generated section of docs/BENCHMARKS.md: every figure, absolute and against its baseline. */
export function renderResults(
  results: BenchResults,
  links: { json: string; plans: string },
  settings: readonly ScalingSetting[] = readScalingSettings(K8S_BASE),
): string {
  const { baselines, accept, start, e2e, data, scaling } = results;
  // CPU per message is turned into a ceiling on the cores the run had.
  const cores = results.options.cpus?.length ?? results.machine.nproc;
  return [
    ...runSection(results, links),
    ...targetsSection(results),
    ...baselinesSection(baselines),
    ...(accept ? acceptSection(accept) : []),
    ...(accept?.cpu_us_per_message ? acceptCpuSection(accept.cpu_us_per_message, baselines) : []),
    ...(start ? startSection(start, accept) : []),
    ...(e2e?.length ? e2eSection(e2e, cores) : []),
    ...(e2e?.length ? capacitySection(e2e, settings) : []),
    ...(data ? dataSection(data) : []),
    ...(scaling?.runs.length ? scalingSection(scaling) : []),
    ...processesSection(results.processes),
    ...(results.profiles?.length ? profilesSection(results.profiles) : []),
    ...(results.notes.length ? notesSection(results.notes) : []),
  ].join('\n');
}

/** A markdown text with its generated section (between the markers) replaced, or appended. */
export function withResultsSection(current: string, section: string): string {
  const block = `${RESULTS_START}\n\n${section}\n\n${RESULTS_END}`;
  const start = current.indexOf(RESULTS_START);
  const end = current.indexOf(RESULTS_END);
  return start >= 0 && end > start
    ? `${current.slice(0, start)}${block}${current.slice(end + RESULTS_END.length)}`
    : `${current.trimEnd()}\n\n## Latest results\n\n${block}\n`;
}
