import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { appNames } from './app-settings';
import { ROOT } from './manifests';

const build = (...targets: string[]) =>
  spawnSync(process.execPath, ['tools/build/build.mjs', ...targets], {
    cwd: ROOT,
    encoding: 'utf8',
  });

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};

/** Bare package names a CommonJS bundle requires at run time. */
const requiredPackages = (bundle: string) =>
  [...new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))]
    .filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('.'))
    .map((specifier) =>
      specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier.split('/')[0]!,
    );

describe('tools/build/build.mjs', () => {
  it('bundles an app into one CommonJS file: workspace libraries inlined, packages left to node_modules', () => {
    const result = build('webhook-ingest');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const outfile = path.join(ROOT, 'dist/apps/webhook-ingest/main.js');
    const bundle = readFileSync(outfile, 'utf8');
    expect(bundle).not.toMatch(/require\("@switchboard\//);
    // Everything it loads is installed by `npm ci --omit=dev` (or is built into Node).
    const runtime = new Set(Object.keys(packageJson.dependencies ?? {}));
    const builtins = new Set(builtinModules);
    expect(
      requiredPackages(bundle).filter((name) => !runtime.has(name) && !builtins.has(name)),
    ).toEqual([]);

    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((source) => source.endsWith('libs/http/src/http-service.ts'))).toBe(
      true,
    );
  });

  it('bundles the migration entry to dist/tools/prepare.js', () => {
    const result = build('migrate');
    expect(result.status).toBe(0);
    expect(existsSync(path.join(ROOT, 'dist/tools/prepare.js'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'dist/tools/prepare.js.map'))).toBe(true);
  });

  it('refuses an unknown target and lists the known ones', () => {
    const result = build('gatewya');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown target gatewya');
    for (const app of appNames()) expect(result.stderr).toContain(app);
    expect(result.stderr).toContain('migrate');
  });

  it.each(appNames())('%s has an Nx build target that bundles it', (app) => {
    const project = JSON.parse(
      readFileSync(path.join(ROOT, 'apps', app, 'project.json'), 'utf8'),
    ) as {
      targets?: {
        build?: { executor?: string; options?: { command?: string }; outputs?: string[] };
      };
    };
    expect(project.targets?.build).toMatchObject({
      executor: 'nx:run-commands',
      options: { command: `node tools/build/build.mjs ${app}` },
      outputs: [`{workspaceRoot}/dist/apps/${app}`],
    });
  });
});
