#!/usr/bin/env node
// The two commands a developer needs: `npm start` (the whole stack) and `npm test` (every suite).
// Each does its own set-up: dependencies, PostgreSQL/Redis/NATS, database, migrations, streams.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureConsoleBuilt } from './console-build.mjs';
import { ensureMediaServices } from './media-services.mjs';
import { ensureServices, freePort, natsDevCredentials, startWorkerNats } from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.join(root, '.data');

/** The V8 heap every app runs with, in the image too (tools/build/node-flags.json; docs/DEPLOYMENT.md). */
const HEAP_FLAGS = JSON.parse(
  readFileSync(path.join(root, 'tools/build/node-flags.json'), 'utf8'),
).heap;

/** Every app with its port setting and default port, in start order. */
export const APPS = [
  { name: 'provider-sandbox', portVar: 'SANDBOX_PORT', port: 4010 },
  { name: 'conversation-service', portVar: 'CONVERSATION_SERVICE_PORT', port: 8081 },
  { name: 'sms-dispatcher', portVar: 'SMS_DISPATCHER_PORT', port: 8082 },
  { name: 'email-dispatcher', portVar: 'EMAIL_DISPATCHER_PORT', port: 8083 },
  { name: 'webhook-ingest', portVar: 'WEBHOOK_INGEST_PORT', port: 8084 },
  { name: 'webhook-dispatcher', portVar: 'WEBHOOK_DISPATCHER_PORT', port: 8086 },
  { name: 'gateway', portVar: 'GATEWAY_PORT', port: 8080 },
  { name: 'voice-dispatcher', portVar: 'VOICE_DISPATCHER_PORT', port: 8085 },
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function ensureDependencies() {
  if (existsSync(path.join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const tsx = (script, env, args = []) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { env });

/**
 * Dependencies, PostgreSQL/Redis/NATS, database, migrations and streams; then object storage
 * and clamd for media (local ones started when none is configured), unless `media` is false.
 * Answers the media settings the apps need and `stop()` for what was started.
 */
async function setup(env, { fresh = false, media = true } = {}) {
  ensureDependencies();
  await ensureServices({ dataDir, env });
  // Streams are provisioned by the NATS admin user; the services may only read them.
  tsx(
    'tools/dev/prepare.ts',
    { ...env, ...natsDevCredentials('admin', env) },
    fresh ? ['--fresh'] : [],
  );
  if (!media) return { settings: {}, stop: async () => {} };
  return ensureMediaServices({ dataDir, env });
}

/** Runs a command to its end without blocking the event loop (local servers keep answering). */
function runAsync(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Where the browser tests find Chromium (Debian's package): installed when missing, as CI does. */
export const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log('installing chromium (apt-get) for the browser tests…');
  // As root (CI) directly; a developer's account goes through sudo.
  const [command, ...prefix] = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', 'apt-get'];
  const apt = (args) =>
    run(command, [...prefix, ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
}

async function waitHealthy(url, seconds) {
  for (let i = 0; i < seconds * 5; i += 1) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * How `npm start` runs an app: the bundle production runs (rebuilt from the sources on each start,
 * 1–2 s), or with `--watch` (`npm run dev`) the sources themselves, restarted on every change.
 */
const appCommand = (app, watch) =>
  watch
    ? [...HEAP_FLAGS, '--watch', '--import', 'tsx', `apps/${app.name}/src/main.ts`]
    : [...HEAP_FLAGS, '--enable-source-maps', `dist/apps/${app.name}/main.js`];

/**
 * Every app on a port nothing listens on now, and the sandbox's SMTP receiver too, with the
 * addresses the apps reach each other by moved along: the providers' APIs at provider-sandbox,
 * callbacks and links at the gateway, the gateway's webhook proxy at webhook-ingest, mail at the
 * SMTP receiver.
 */
async function freePortSettings() {
  const ports = Object.fromEntries(
    await Promise.all(APPS.map(async (app) => [app.name, await freePort()])),
  );
  const url = (name) => `http://127.0.0.1:${ports[name]}`;
  const smtp = String(await freePort());
  return {
    ...Object.fromEntries(APPS.map((app) => [app.portVar, String(ports[app.name])])),
    TWILIO_BASE_URL: url('provider-sandbox'),
    SENDGRID_BASE_URL: url('provider-sandbox'),
    TELNYX_BASE_URL: url('provider-sandbox'),
    PUBLIC_BASE_URL: url('gateway'),
    WEBHOOK_INGEST_URL: url('webhook-ingest'),
    SANDBOX_SMTP_PORT: smtp,
    SMTP_PORT: smtp,
  };
}

/**
 * `npm start`. With `--free-ports` every app takes a free port instead of its default, so a
 * second stack (given a database, Redis and NATS of its own) runs beside one already running;
 * with `--no-media` object storage and clamd are neither checked nor started (they listen on
 * fixed ports, and only attachments need them).
 */
async function start({ watch = false, media: withMedia = true, freePorts = false } = {}) {
  // The services are production unless told otherwise; the local stack is development.
  // Webhook endpoints may point at a server on this machine (WEBHOOK_ENDPOINTS_ALLOW_PRIVATE).
  const env = {
    ENVIRONMENT: 'development',
    WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: 'true',
    ...process.env,
    ...(freePorts ? await freePortSettings() : {}),
  };
  const media = await setup(env, { media: withMedia });
  Object.assign(env, media.settings);
  ensureConsoleBuilt();
  if (!watch) run(process.execPath, ['tools/build/build.mjs']);
  const children = APPS.map((app) => {
    const child = spawn(process.execPath, appCommand(app, watch), {
      cwd: root,
      // Each app connects to NATS as its own user (docs/SECURITY.md, "NATS").
      env: { ...env, ...natsDevCredentials(app.name, env), MIGRATE_ON_START: 'false' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${app.name} exited (${code ?? signal}); stopping the stack`);
        void stopAll(1);
      }
    });
    return { app, child };
  });

  let stopping = false;
  const stopAll = async (exitCode) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    );
    await media.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const port = (app) => env[app.portVar] ?? app.port;
  const healthy = await Promise.all(
    APPS.map((app) => waitHealthy(`http://127.0.0.1:${port(app)}/health`, 60)),
  );
  if (healthy.some((ok) => !ok)) {
    console.error(
      `not healthy: ${APPS.filter((_, i) => !healthy[i])
        .map((a) => a.name)
        .join(', ')}`,
    );
    return stopAll(1);
  }
  const gateway = `http://localhost:${port(APPS.find((app) => app.name === 'gateway'))}`;
  console.log(`
Switchboard is running.
  API            ${gateway}/api/v1   (docs: ${gateway}/api/v1/docs)
  console        ${gateway}/console/
  sandbox        http://localhost:${port(APPS[0])}/sandbox/messages
${APPS.map((a) => `  ${a.name.padEnd(21)} http://localhost:${port(a)}/health`).join('\n')}

Try:
  curl -s -X POST ${gateway}/api/v1/messages/send -H 'content-type: application/json' \\
    -d '{"from":"+15551234567","to":"+15559876543","type":"sms","body":"Hello"}'

${watch ? 'Watching the sources: a change restarts the apps that use it.\n' : ''}Ctrl-C stops everything.`);
}

/**
 * The settings of test worker `index` (1-based) beside the first: its own database, NATS server
 * and Redis database, so suites running at the same time never see each other's data.
 */
async function workerEnv(base, index) {
  const nats = await startWorkerNats(dataDir, `nats-test-worker-${index}`);
  const redis = new URL(base.REDIS_URL ?? 'redis://127.0.0.1:6379');
  redis.pathname = `/${(Number(redis.pathname.slice(1) || 0) + index - 1) % 16}`;
  const env = { NATS_URL: nats.url, REDIS_URL: redis.toString() };
  if (base.DATABASE_URL) {
    const database = new URL(base.DATABASE_URL);
    database.pathname = `${database.pathname}_${index}`;
    env.DATABASE_URL = database.toString();
  } else {
    env.POSTGRES_DB = `${base.POSTGRES_DB}_${index}`;
  }
  return { env, stop: nats.stop };
}

async function test(args) {
  const env = {
    ...process.env,
    ENVIRONMENT: 'test',
    POSTGRES_DB: process.env.TEST_POSTGRES_DB ?? 'switchboard_test',
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
  };
  const media = await setup(env, { fresh: true });
  Object.assign(env, media.settings);
  // The suites boot the apps many times: from bundles (as the image runs them), each boot costs
  // half the CPU of compiling the sources on the fly. `TEST_APP_RUNTIME=tsx` runs the sources.
  if (!env.TEST_APP_RUNTIME) {
    run(process.execPath, ['tools/build/build.mjs']);
    env.TEST_APP_RUNTIME = 'dist';
  }
  // The browser suite drives the built console in Debian's Chromium.
  ensureChromium();
  ensureConsoleBuilt();
  // Jest workers run suites side by side (TEST_WORKERS, default 1: one file at a time); each has
  // its own database, NATS server and Redis database (tools/dev/jest-worker-env.cjs applies them).
  const workers = Math.max(1, Number(process.env.TEST_WORKERS ?? 1) || 1);
  const extra = [];
  const stopExtra = () => extra.forEach((worker) => worker.stop());
  process.on('exit', stopExtra);
  let code;
  try {
    for (let index = 2; index <= workers; index += 1) {
      const worker = await workerEnv(env, index);
      extra.push(worker);
      tsx('tools/dev/prepare.ts', { ...env, ...worker.env, ...natsDevCredentials('admin', env) }, [
        '--fresh',
      ]);
    }
    env.TEST_WORKER_ENVS = JSON.stringify([{}, ...extra.map((worker) => worker.env)]);
    const mode = workers > 1 ? [`--maxWorkers=${workers}`] : ['--runInBand'];
    code = await runAsync(path.join(root, 'node_modules', '.bin', 'jest'), [...mode, ...args], {
      env,
    });
  } finally {
    stopExtra();
    await media.stop();
  }
  if (code !== 0) throw new Error(`jest exited with ${code}`);
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  start: () =>
    start({
      watch: args.includes('--watch'),
      media: !args.includes('--no-media'),
      freePorts: args.includes('--free-ports'),
    }),
  test: () => test(args),
  setup: async () => (await setup({ ...process.env })).stop(),
};
if (!commands[command]) {
  console.error(`usage: cli.mjs ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
commands[command]().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
