#!/usr/bin/env node
// Bundles each app (and the migration entry) into one CommonJS file for Node 20, with a source
// map. Workspace libraries (`@switchboard/*`, resolved through tsconfig paths) are inlined;
// packages from node_modules stay external, so the runtime image only needs `npm ci --omit=dev`.
//
//   node tools/build/build.mjs                 every target
//   node tools/build/build.mjs gateway migrate some targets
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Every app under apps/ with a composition root, plus `migrate` (database and streams). */
function targets() {
  const apps = readdirSync(path.join(root, 'apps'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, 'apps', d.name, 'src/main.ts')))
    .map((d) => ({
      name: d.name,
      entry: `apps/${d.name}/src/main.ts`,
      outfile: `dist/apps/${d.name}/main.js`,
    }));
  return [
    ...apps,
    { name: 'migrate', entry: 'tools/dev/prepare.ts', outfile: 'dist/tools/prepare.js' },
  ];
}

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

/**
 * The packages a bundle loads at run time that `npm ci --omit=dev` would not install: a
 * devDependency (or an undeclared package) imported by production code fails only in the image.
 */
function missingRuntimePackages(metafile) {
  const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
  const missing = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      // `<runtime>` is esbuild's own helper module, never a package.
      if (!imported.external || builtins.has(imported.path) || imported.path.startsWith('<'))
        continue;
      const name = packageName(imported.path);
      if (!runtime.has(name)) missing.add(name);
    }
  }
  return [...missing].sort();
}

async function build(target) {
  const outfile = path.join(root, target.outfile);
  // Written beside the old bundle and renamed over it: a process starting the app meanwhile (a
  // test suite, a benchmark) loads the old bundle or the new one, never a missing or partial file.
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [target.entry],
    outfile,
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: 'tsconfig.base.json',
    sourcemap: true,
    // Error classes and log lines keep their real names.
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
  });
  const missing = missingRuntimePackages(result.metafile);
  if (missing.length) {
    throw new Error(
      `${target.name} imports ${missing.join(', ')} at run time, but package.json lists ` +
        `${missing.length === 1 ? 'it' : 'them'} outside "dependencies"`,
    );
  }
  mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const staging = `${file.path}.${process.pid}.tmp`;
    writeFileSync(staging, file.contents);
    renameSync(staging, file.path);
  }
  const bytes = result.metafile.outputs[path.relative(root, outfile)]?.bytes ?? 0;
  console.log(
    `built ${target.name.padEnd(21)} ${target.outfile} (${Math.round(bytes / 1024)} KiB)`,
  );
}

async function main() {
  const all = targets();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !all.some((t) => t.name === name));
  if (unknown.length) {
    console.error(
      `unknown target ${unknown.join(', ')}; one of: ${all.map((t) => t.name).join(', ')}`,
    );
    process.exit(2);
  }
  const selected = wanted.length ? all.filter((t) => wanted.includes(t.name)) : all;
  for (const target of selected) await build(target);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
