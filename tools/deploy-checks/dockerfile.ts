/** Reads the Dockerfile as a list of stages and instructions. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './manifests';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function readDockerfile(file = path.join(ROOT, 'Dockerfile')): Stage[] {
  const logical = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    // eslint-disable-next-line regexp/no-super-linear-backtracking -- reads the repository's own Dockerfile
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') {
      const [, from = '', name] =
        /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
    } else if (stages.length) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

export const runtimeStage = (stages = readDockerfile()): Stage => {
  const last = stages.at(-1);
  if (!last) throw new Error('Dockerfile has no stage');
  return last;
};

export const instructionsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** The command the image's HEALTHCHECK runs (shell form). */
export function healthcheckCommand(stage = runtimeStage()): string {
  const [healthcheck] = instructionsOf(stage, 'HEALTHCHECK');
  // eslint-disable-next-line regexp/no-super-linear-backtracking -- reads the repository's own Dockerfile
  const command = /\bCMD\s+(.*)$/.exec(healthcheck ?? '')?.[1];
  if (!command) throw new Error('the runtime stage has no HEALTHCHECK CMD');
  return command;
}

/** The app → [port setting, default port] table the HEALTHCHECK carries. */
export function healthcheckPorts(): Record<string, [string, number]> {
  const table = /const ports = (\{.*?\});/.exec(healthcheckCommand())?.[1];
  if (!table) throw new Error('the HEALTHCHECK has no `const ports = {…};` table');
  return JSON.parse(table) as Record<string, [string, number]>;
}

/** ENTRYPOINT and CMD in exec form. */
export function execForm(keyword: 'ENTRYPOINT' | 'CMD', stage = runtimeStage()): string[] {
  const [args] = instructionsOf(stage, keyword);
  if (!args) throw new Error(`the runtime stage has no ${keyword}`);
  return JSON.parse(args) as string[];
}
