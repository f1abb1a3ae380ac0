#!/usr/bin/env node
// Builds the operator console (apps/console → dist/console) when its build is missing or older
// than its sources: `npm start` and `npm test` run it, so the gateway always serves a current one.
//
//   node tools/dev/console-build.mjs           build when stale
//   node tools/dev/console-build.mjs --force   build anyway
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const output = path.join(root, 'dist', 'console', 'index.html');
/** What the build reads: the app, the lib it shares with the services, the build itself. */
const inputs = ['apps/console', 'libs/addressing/src', 'package-lock.json'];

function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(file)
      .filter((name) => name !== 'node_modules')
      .map((name) => newest(path.join(file, name))),
  );
}

export function consoleIsStale() {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some((input) => newest(path.join(root, input)) > built);
}

/** Builds the console when stale (or always, with `force`); throws when the build fails. */
export function ensureConsoleBuilt({ force = false } = {}) {
  if (!force && !consoleIsStale()) return false;
  console.log('building the console (vite build)…');
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'vite'),
    ['build', '--logLevel', 'warn', '-c', 'apps/console/vite.config.mts'],
    // A production build whatever runs it: under Jest NODE_ENV is `test`, which would bundle
    // React's development build.
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0)
    throw new Error(`the console build failed (${result.status ?? result.signal})`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureConsoleBuilt({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
