import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '@switchboard/db';
import { connectNats, ensureStreams } from '@switchboard/messaging';
import { testEnv } from './env';
import { freePort } from './free-port';
import {
  startPrivateNats,
  startPrivateNatsCluster,
  type PrivateNats,
  type PrivateNatsCluster,
} from './nats-server';

export { freePort };

const ROOT = path.resolve(__dirname, '../../..');

/** The V8 heap every app runs with, as in the image (tools/build/node-flags.json). */
const HEAP_FLAGS: readonly string[] = (
  JSON.parse(readFileSync(path.join(ROOT, 'tools', 'build', 'node-flags.json'), 'utf8')) as {
    heap: string[];
  }
).heap;

/** The apps a test stack can start, each as its own process. */
export const APP_NAMES = [
  'provider-sandbox',
  'conversation-service',
  'sms-dispatcher',
  'email-dispatcher',
  'webhook-ingest',
  'gateway',
  'voice-dispatcher',
  'webhook-dispatcher',
] as const;
export type AppName = (typeof APP_NAMES)[number];

const PORT_VARS: Readonly<Record<AppName, string>> = {
  'provider-sandbox': 'SANDBOX_PORT',
  'conversation-service': 'CONVERSATION_SERVICE_PORT',
  'sms-dispatcher': 'SMS_DISPATCHER_PORT',
  'email-dispatcher': 'EMAIL_DISPATCHER_PORT',
  'webhook-ingest': 'WEBHOOK_INGEST_PORT',
  gateway: 'GATEWAY_PORT',
  'voice-dispatcher': 'VOICE_DISPATCHER_PORT',
  'webhook-dispatcher': 'WEBHOOK_DISPATCHER_PORT',
};

export interface RunningApp {
  name: AppName;
  port: number;
  url: string;
  process: ChildProcess;
  /** Everything the app wrote to stdout/stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface Stack {
  apps: Readonly<Record<AppName, RunningApp>>;
  /**
   * The additional processes of apps started with `options.replicas` (beside `apps[app]`), each
   * on its own port; empty for apps running once.
   */
  replicas: Readonly<Record<AppName, readonly RunningApp[]>>;
  /** The stack's own nats-server (or, started with `natsCluster`, its cluster as a whole). */
  nats: PrivateNats;
  /** The stack's NATS cluster, when started with `natsCluster`. */
  natsCluster: PrivateNatsCluster | undefined;
  /** The environment every app was started with, less each one's own NATS credentials. */
  env: Readonly<Record<string, string>>;
  /** The environment `app` was started with: `env` plus its own NATS user and password. */
  envOf(app: AppName): Readonly<Record<string, string>>;
  url(app: AppName): string;
  /** Starts an app again (after it was stopped or killed) on its port, and waits for health. */
  restart(app: AppName, extraEnv?: Record<string, string>): Promise<RunningApp>;
  /** Starts `replicas[app][index]` again (after it was stopped or killed) on its port. */
  restartReplica(
    app: AppName,
    index: number,
    extraEnv?: Record<string, string>,
  ): Promise<RunningApp>;
  stop(): Promise<void>;
  /**
   * Every app's log lines that mention `text` (a message id, say), each prefixed with its app:
   * what a failed wait reports, so the failure names where the message stopped.
   */
  linesAbout(text: string): string;
}

async function waitHealthy(app: RunningApp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) {
      throw new Error(`${app.name} exited with ${app.process.exitCode}:\n${app.output()}`);
    }
    try {
      const res = await fetch(`${app.url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${app.name} was not healthy within ${timeoutMs} ms:\n${app.output()}`);
}

/** Creates the JetStream streams on `server` with its admin user, as the migrate job does. */
async function provisionStreams(server: PrivateNats, replicas = 1): Promise<void> {
  const admin = await connectNats({
    url: server.url,
    name: 'stack-provisioning',
    ...server.credentials.admin,
  });
  try {
    await ensureStreams(admin.jsm, undefined, replicas);
  } finally {
    await admin.close();
  }
}

/** How app processes run, beside their environment. */
export interface AppProcessOptions {
  /**
   * `tsx` runs the sources; `dist` runs the bundle `node tools/build/build.mjs` wrote to
   * `dist/apps/<name>/main.js`, as the container image does (benchmarks measure that). The default
   * is `TEST_APP_RUNTIME`, else `tsx`: `npm test` builds the bundles first and runs them, which
   * boots an app in half the CPU time of compiling its sources on the fly.
   */
  runtime?: 'tsx' | 'dist';
  /** Extra node flags, e.g. `['--cpu-prof', '--cpu-prof-dir=…']`, after the heap flags every app runs with. */
  nodeArgs?: readonly string[];
  /** Keep only the last this many characters of output (long load runs log a lot); all by default. */
  outputLimit?: number;
}

/** Starts one app as its own process (`node --import tsx apps/<name>/src/main.ts`). */
export function startApp(
  name: AppName,
  port: number,
  env: Record<string, string>,
  options: AppProcessOptions = {},
): RunningApp {
  const runtime = options.runtime ?? (process.env['TEST_APP_RUNTIME'] === 'dist' ? 'dist' : 'tsx');
  const entry =
    runtime === 'dist'
      ? [path.join(ROOT, 'dist', 'apps', name, 'main.js')]
      : ['--import', 'tsx', path.join(ROOT, 'apps', name, 'src', 'main.ts')];
  const child = spawn(process.execPath, [...HEAP_FLAGS, ...(options.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, [PORT_VARS[name]]: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const limit = options.outputLimit ?? Infinity;
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > limit) output = output.slice(-limit);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * Boots every app as a real process on free ports, wired to each other, and waits until each
 * answers `/health`.
 *
 * @example const stack = await startStack(); await fetch(`${stack.url('gateway')}/health`);
 * @example
 * // A second sms-dispatcher process beside the first, on its own port, sharing the partitions:
 * const stack = await startStack({ replicas: { 'sms-dispatcher': 2 } });
 * await stack.replicas['sms-dispatcher'][0]!.stop('SIGKILL');
 * await stack.restartReplica('sms-dispatcher', 0);
 */
export async function startStack(
  options: {
    env?: Record<string, string>;
    only?: readonly AppName[];
    /** How many processes of an app to run (default 1): e.g. `{ 'sms-dispatcher': 2 }`. */
    replicas?: Partial<Record<AppName, number>>;
    /** How every app process runs (sources or bundles, node flags). */
    process?: AppProcessOptions;
    /**
     * Where providers' callbacks arrive: through the gateway, as in the quick start (default),
     * or straight at webhook-ingest, as an Ingress routes `/api/v1/webhooks/*` in Kubernetes.
     */
    callbacksTo?: 'gateway' | 'webhook-ingest';
    /**
     * Run NATS as a cluster of this many servers on loopback, with streams of as many replicas
     * (`NATS_STREAM_REPLICAS`), the apps given every server's URL; one server unless set.
     */
    natsCluster?: number;
    /** Ports some apps must listen on (e.g. chosen ahead, for another stack to call); free ones otherwise. */
    ports?: Partial<Record<AppName, number>>;
  } = {},
): Promise<Stack> {
  const names = options.only ?? APP_NAMES;
  const extraCount = (name: AppName) => Math.max(0, (options.replicas?.[name] ?? 1) - 1);
  const replicaPorts = Object.fromEntries(
    await Promise.all(
      APP_NAMES.map(
        async (n) =>
          [n, await Promise.all(Array.from({ length: extraCount(n) }, () => freePort()))] as const,
      ),
    ),
  ) as Record<AppName, number[]>;
  const ports = Object.fromEntries(
    await Promise.all(
      APP_NAMES.map(async (n) => [n, options.ports?.[n] ?? (await freePort())] as const),
    ),
  ) as Record<AppName, number>;
  const sandboxUrl = `http://127.0.0.1:${ports['provider-sandbox']}`;
  const natsCluster = options.natsCluster
    ? await startPrivateNatsCluster(options.natsCluster)
    : undefined;
  const nats = natsCluster ?? (await startPrivateNats(await freePort()));
  const streamReplicas = options.natsCluster ?? 1;
  // As in production, the admin user provisions the streams; the services may only read them.
  await provisionStreams(nats, streamReplicas).catch(async (err: unknown) => {
    await nats.destroy();
    throw err;
  });
  const smtpPort = await freePort();
  const env: Record<string, string> = {
    ENVIRONMENT: 'test',
    NATS_URL: nats.url,
    NATS_STREAM_REPLICAS: String(streamReplicas),
    DATABASE_URL: testEnv().databaseUrl,
    LOG_LEVEL: 'info',
    TWILIO_BASE_URL: sandboxUrl,
    SANDBOX_SMTP_PORT: String(smtpPort),
    SMTP_PORT: String(smtpPort),
    TELNYX_BASE_URL: sandboxUrl,
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports[options.callbacksTo ?? 'gateway']}`,
    WEBHOOK_INGEST_URL: `http://127.0.0.1:${ports['webhook-ingest']}`,
    SENDGRID_BASE_URL: sandboxUrl,
    // Every test client is 127.0.0.1, and suites send forged webhooks on purpose: one source's
    // refusals must not turn the next suite's away. Suites about the limit set their own.
    WEBHOOK_REFUSAL_LIMIT: '1000000',
    // Likewise for failed API authentications, which suites about tenancy provoke on purpose.
    AUTH_FAILURES_PER_IP: '1000000',
    // Client webhook endpoints are servers the tests run on loopback.
    WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: 'true',
    ...options.env,
  };
  /** Each app connects to NATS as its own user, with only its own permissions. */
  const envOf = (name: AppName): Record<string, string> => {
    const own = nats.credentials[name as keyof PrivateNats['credentials']];
    return own ? { ...env, NATS_USER: own.user, NATS_PASSWORD: own.password } : { ...env };
  };
  const apps = {} as Record<AppName, RunningApp>;
  const replicas = Object.fromEntries(APP_NAMES.map((n) => [n, []])) as unknown as Record<
    AppName,
    RunningApp[]
  >;
  const everyProcess = () => names.flatMap((n) => [apps[n], ...replicas[n]]);
  for (const name of names) {
    apps[name] = startApp(name, ports[name], envOf(name), options.process);
    replicas[name] = replicaPorts[name].map((p) => startApp(name, p, envOf(name), options.process));
  }
  try {
    await Promise.all(everyProcess().map((app) => waitHealthy(app, 60_000)));
  } catch (err) {
    await Promise.all(everyProcess().map((app) => app.stop('SIGKILL')));
    await nats.destroy();
    throw err;
  }
  return {
    apps,
    replicas,
    nats,
    natsCluster,
    env,
    envOf,
    url: (name) => `http://127.0.0.1:${ports[name]}`,
    async restart(name, extraEnv = {}) {
      await apps[name].stop();
      apps[name] = startApp(name, ports[name], { ...envOf(name), ...extraEnv }, options.process);
      await waitHealthy(apps[name], 60_000);
      return apps[name];
    },
    async restartReplica(name, index, extraEnv = {}) {
      const port = replicaPorts[name][index];
      if (port === undefined) throw new Error(`${name} has no replica ${index}`);
      await replicas[name][index]!.stop();
      const app = startApp(name, port, { ...envOf(name), ...extraEnv }, options.process);
      replicas[name][index] = app;
      await waitHealthy(app, 60_000);
      return app;
    },
    linesAbout(text) {
      return everyProcess()
        .flatMap((app) =>
          app
            .output()
            .split('\n')
            .filter((line) => line.includes(text))
            .map((line) => `${app.name}: ${line}`),
        )
        .join('\n');
    },
    async stop() {
      await Promise.all(everyProcess().map((app) => app.stop()));
      await nats.destroy();
      if (!options.env?.['DATABASE_URL']) await dropUnrelayed(env['DATABASE_URL']!);
    },
  };
}

/**
 * Empties the outbox of the worker's shared database once a stack on it stopped. What the stack
 * had not relayed yet (a load suite's backlog of commands and client events) belongs to a suite
 * that is over; left there, the next suite's stack would relay and dispatch all of it before
 * that suite's own messages.
 */
async function dropUnrelayed(databaseUrl: string): Promise<void> {
  const database = createDb({ url: databaseUrl, poolMax: 1 });
  try {
    await database.db.deleteFrom('outbox').execute();
  } finally {
    await database.close();
  }
}
