import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { appNames, portSetting } from './app-settings';
import {
  execForm,
  healthcheckCommand,
  healthcheckPorts,
  instructionsOf,
  readDockerfile,
  runtimeStage,
} from './dockerfile';
import { BASE_DIR, ROOT, overlayDir, podTemplates, readKustomization } from './manifests';

const stages = readDockerfile();
const runtime = runtimeStage(stages);
const stageNamed = (name: string) => stages.find((s) => s.name === name);

/** Runs a shell command the way the image would (`/bin/sh -c`), with extra env. */
function sh(command: string, env: Record<string, string>, cwd = ROOT) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Dockerfile', () => {
  it('runs every app with the heap flags `npm start` and the tests run with', () => {
    const { heap } = JSON.parse(
      readFileSync(path.join(ROOT, 'tools', 'build', 'node-flags.json'), 'utf8'),
    ) as { heap: string[] };
    expect(heap.length).toBeGreaterThan(0);
    const env = instructionsOf(runtime, 'ENV').join(' ');
    const nodeOptions = /NODE_OPTIONS="([^"]*)"/.exec(env)?.[1]?.split(/\s+/) ?? [];
    expect(nodeOptions).toEqual(expect.arrayContaining(heap));
    // Accepted in NODE_OPTIONS, and what V8 then runs with.
    const limit = spawnSync(
      process.execPath,
      ['-p', 'require("v8").getHeapStatistics().heap_size_limit'],
      {
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: nodeOptions.join(' ') },
        encoding: 'utf8',
      },
    );
    expect(limit.status).toBe(0);
    const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions.join(' '))?.[1]);
    expect(Number(limit.stdout) / 2 ** 20).toBeLessThan(oldSpace + 64);
  });

  it('installs every dependency to build, and only production ones to run', () => {
    const deps = stages.find((s) =>
      instructionsOf(s, 'RUN').some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r)),
    );
    expect(deps).toBeDefined();
    const build = stages.find((s) =>
      instructionsOf(s, 'RUN').some((r) => /node tools\/build\/build\.mjs\s*$/.test(r)),
    );
    expect(build).toBeDefined();
    // The build stage starts from the full dependencies.
    expect([build!.from, ...instructionsOf(build!, 'COPY')].join(' ')).toContain(deps!.name);

    const copies = instructionsOf(runtime, 'COPY');
    const modulesFrom = /--from=(\S+)\s.*node_modules/.exec(copies.join('\n'))?.[1];
    const prodDeps = stageNamed(modulesFrom ?? '');
    expect(instructionsOf(prodDeps!, 'RUN').some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(
      true,
    );
    expect(copies.some((c) => c.includes(`--from=${build!.name}`) && /\bdist\b/.test(c))).toBe(
      true,
    );
  });

  it('runs as an unprivileged user, the one the Kubernetes pods declare', () => {
    const [user] = instructionsOf(runtime, 'USER').slice(-1);
    expect(user).toBeDefined();
    const uid = user!.split(':')[0]!;
    // Numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    const objects = [
      ...readKustomization(BASE_DIR).objects,
      ...readKustomization(overlayDir('development')).objects,
    ];
    for (const { template } of podTemplates(objects)) {
      expect(template.spec.securityContext?.runAsUser).toBe(Number(uid));
    }
  });

  it('runs tini as PID 1', () => {
    expect(execForm('ENTRYPOINT')[0]).toMatch(/\/tini$/);
    expect(instructionsOf(runtime, 'RUN').join('\n')).toMatch(/install\b.*\btini\b/);
  });

  it('keeps host state and build output out of the build context', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim().replace(/^\/|\/$/g, ''));
    for (const entry of ['node_modules', '.data', '.nx', 'dist', '.git', 'coverage']) {
      expect(ignored).toContain(entry);
    }
  });

  describe('CMD', () => {
    // A stand-in dist/ whose entries print what ran, so the selection logic runs for real.
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-cmd-'));
      for (const app of appNames()) {
        mkdirSync(path.join(dir, 'dist/apps', app), { recursive: true });
        writeFileSync(path.join(dir, 'dist/apps', app, 'main.js'), `console.log('ran ${app}')`);
      }
      mkdirSync(path.join(dir, 'dist/tools'), { recursive: true });
      writeFileSync(path.join(dir, 'dist/tools/prepare.js'), "console.log('ran migrate')");
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const [shell, flag, script] = execForm('CMD');

    it('is a shell that execs node (so node receives the signals tini forwards)', () => {
      expect([shell, flag]).toEqual(['/bin/sh', '-c']);
      expect(script).toMatch(/exec node /);
    });

    it.each(appNames())('APP=%s runs that app', async (app) => {
      expect(await sh(script!, { APP: app }, dir)).toMatchObject({
        code: 0,
        stdout: `ran ${app}\n`,
      });
    });

    it('APP=migrate runs the migration', async () => {
      expect(await sh(script!, { APP: 'migrate' }, dir)).toMatchObject({
        code: 0,
        stdout: 'ran migrate\n',
      });
    });

    it('refuses an unknown APP and names the valid ones', async () => {
      const result = await sh(script!, { APP: 'gatewya' }, dir);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("unknown APP 'gatewya'");
      expect(result.stderr).toContain('gateway');
    });
  });

  describe('HEALTHCHECK', () => {
    it.each(appNames())('knows the port setting and default port of %s', (app) => {
      const { variable, defaultPort } = portSetting(app);
      expect(healthcheckPorts()[app]).toEqual([variable, defaultPort]);
    });

    let server: Server;
    let status = 200;
    let port = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        res.statusCode = req.url === '/health' ? status : 404;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const probe = (env: Record<string, string>) =>
      sh(healthcheckCommand(), env).then((r) => r.code);

    it("passes while the app's /health answers 2xx on its configured port", async () => {
      status = 200;
      expect(await probe({ APP: 'gateway', GATEWAY_PORT: String(port) })).toBe(0);
      expect(await probe({ APP: 'webhook-ingest', WEBHOOK_INGEST_PORT: String(port) })).toBe(0);
    });

    it('fails when /health does not answer 2xx, or nothing listens', async () => {
      status = 503;
      expect(await probe({ APP: 'gateway', GATEWAY_PORT: String(port) })).toBe(1);
      const closed = spawnSync(
        process.execPath,
        [
          '-e',
          "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})",
        ],
        {
          encoding: 'utf8',
        },
      ).stdout.trim();
      expect(await probe({ APP: 'gateway', GATEWAY_PORT: closed })).toBe(1);
    });

    it('passes for the one-shot migrate task, which has nothing to probe', async () => {
      expect(await probe({ APP: 'migrate' })).toBe(0);
    });
  });
});
