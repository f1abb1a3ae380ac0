import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ProfileSummary } from '../bench-results';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
}

const TOP_FUNCTIONS = 12;

/** Where a frame's code lives: a package, a workspace lib or app, node itself, or V8. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  // A bundle inlines every workspace lib: its frames cannot be told apart without a source map.
  if (url.includes('/dist/apps/')) return 'workspace code (bundle)';
  const workspace = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (workspace) return workspace[1] === 'libs' ? `@switchboard/${workspace[2]}` : workspace[2]!;
  return path.basename(url);
}

/** Self time by area and by function, as shares of the non-idle samples. */
export function summarizeProfile(service: string, profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; count: number }>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    busy += 1;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + 1);
    const where = frame.url ? `${area}:${frame.lineNumber + 1}` : area;
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? {
      name: frame.functionName || '(anonymous)',
      where,
      count: 0,
    };
    entry.count += 1;
    functions.set(key, entry);
  }
  const share = (count: number) => Math.round((count / Math.max(1, busy)) * 1000) / 10;
  return {
    service,
    by_area: [...areas]
      .sort((a, b) => b[1] - a[1])
      .map(([area, count]) => ({ area, percent: share(count) })),
    top_functions: [...functions.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, TOP_FUNCTIONS)
      .map((f) => ({ name: f.name, where: f.where, percent: share(f.count) })),
  };
}

/**
 * Summarises every profile in `dir` whose process id names a service (profiles of one service
 * across several processes are summarised separately, in the order they were written).
 */
export function summarizeProfiles(
  dir: string,
  serviceByPid: ReadonlyMap<number, string>,
): ProfileSummary[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .sort()
    .flatMap((file) => {
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
      const pid = Number(file.split('.')[3]);
      const service = serviceByPid.get(pid);
      if (!service) return [];
      const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
      return [summarizeProfile(service, profile)];
    });
}
