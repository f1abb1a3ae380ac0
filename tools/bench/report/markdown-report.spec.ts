import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from '../bench-results';
import { RESULTS_END, RESULTS_START, renderResults, withResultsSection } from './markdown-report';

const ROOT = path.resolve(__dirname, '../../..');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');

/** The recorded run the committed results section was written from, as the section links it. */
function recordedRun(doc: string) {
  const json = /Raw figures: \[([^\]]+\.json)\]/.exec(doc)?.[1];
  const plans = /query plans: \[([^\]]+\.plans\.txt)\]/.exec(doc)?.[1];
  if (!json || !plans) throw new Error('docs/BENCHMARKS.md links no recorded run');
  const results = JSON.parse(
    readFileSync(path.resolve(path.dirname(DOC), json), 'utf8'),
  ) as BenchResults;
  return { results, links: { json, plans } };
}

describe('the benchmark report', () => {
  it('writes the committed results section again, byte for byte, from the run it links', () => {
    const committed = readFileSync(DOC, 'utf8');
    const { results, links } = recordedRun(committed);
    const next = withResultsSection(committed, renderResults(results, links));
    // Formatted as the report formats it: the repository's prettier settings for that file.
    const prettier = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'prettier'),
      ['--stdin-filepath', DOC],
      { cwd: ROOT, input: next, encoding: 'utf8' },
    );
    expect(prettier.stderr).toBe('');
    expect(prettier.stdout).toBe(committed);
  });

  it('leaves out the sections of phases that did not run', () => {
    const { results, links } = recordedRun(readFileSync(DOC, 'utf8'));
    const baselinesOnly: BenchResults = {
      ...results,
      accept: undefined,
      e2e: undefined,
      data: undefined,
      profiles: undefined,
      notes: [],
    };
    const section = renderResults(baselinesOnly, links);
    expect(section).toContain('### Baselines: the raw engines, same run');
    expect(section).not.toMatch(/### (Accept path|End to end|Scale with data|Notes from this run)/);
    expect(section).not.toContain(RESULTS_START);
    expect(section).not.toContain(RESULTS_END);
  });
});
