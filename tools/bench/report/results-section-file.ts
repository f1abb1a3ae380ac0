import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import prettier from 'prettier';
import { withResultsSection } from './markdown-report';

/**
 * Replaces the generated section of a markdown file (between the markers), or appends one, and
 * formats the file the way the repository's prettier settings do.
 */
export async function writeResultsSection(file: string, section: string): Promise<void> {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const next = withResultsSection(current, section);
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(next, { ...config, filepath: file }));
}
