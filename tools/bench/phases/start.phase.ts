import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  freePort,
  startPrivateNats,
  startPrivateRedis,
  type NatsCredentials,
} from '@switchboard/testing';
import type { BenchContext } from '../bench-context';
import type { StartResults } from '../bench-results';
import { childrenOf } from '../cpu-affinity';
import { acceptedPerS, measureSingleSends } from './accept.phase';

const ROOT = path.resolve(__dirname, '../../..');
const PHASE = 'start';
/** Set-up, migrations, the console and the bundles built, every app healthy: on a busy machine too. */
const START_TIMEOUT_MS = 5 * 60_000;
/** `npm start` stops its apps with SIGTERM and waits for them (each drains within 15 s). */
const STOP_TIMEOUT_MS = 60_000;
/** The line `npm start` prints once every app answers `/health`. */
const RUNNING = 'Switchboard is running.';

/**
 * The apps `npm start` announced once running, each with the port of its health URL
 * (`  gateway               http://localhost:8080/health`).
 */
export function announcedApps(banner: string): Record<string, number> {
  return Object.fromEntries(
    [...banner.matchAll(/^ +([a-z][a-z-]*) +http:\/\/localhost:(\d+)\/health$/gm)].map(
      ([, name, port]) => [name!, Number(port)],
    ),
  );
}

/**
 * The passwords of a nats-server's users as the stack reads them, `NATS_<USER>_PASSWORD`
 * (docs/SECURITY.md, "NATS"): `npm start` gives each app its own user with it.
 */
export function natsPasswordSettings(
  credentials: Readonly<Partial<Record<string, NatsCredentials>>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(credentials).flatMap(([user, credential]) =>
      credential
        ? [[`NATS_${user.toUpperCase().replaceAll('-', '_')}_PASSWORD`, credential.password]]
        : [],
    ),
  );
}

/** The app processes `npm start` (process `pid`) runs: its children running an app's bundle. */
function appProcesses(pid: number): Record<string, number> {
  return Object.fromEntries(
    childrenOf(pid).flatMap((child) => {
      try {
        const command = readFileSync(`/proc/${child}/cmdline`, 'utf8');
        const name = /dist\/apps\/([^/\0]+)\/main\.js/.exec(command)?.[1];
        return name ? [[name, child]] : [];
      } catch {
        return [];
      }
    }),
  );
}

/** Resolves with what `npm start` printed up to its banner; rejects if it exits or hangs first. */
function untilRunning(child: ChildProcess, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let printed = '';
    const timer = setTimeout(
      () => settle(new Error(`start: \`npm start\` was not running within 5 min (see ${logFile})`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      // The banner is one write, ending with how to stop the stack.
      const at = printed.indexOf(RUNNING);
      if (at >= 0 && printed.includes('Ctrl-C stops everything.', at)) settle(printed.slice(at));
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(new Error(`start: \`npm start\` exited (${code ?? signal}) (see ${logFile})`));
    const settle = (outcome: string | Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * The stack as `npm start` runs it — `node tools/dev/cli.mjs start`, its own code from set-up to
 * stop: migrations, the console and the bundles built, every app with the development settings
 * and every other default (the rate limit included), each as its own NATS user — under the accept
 * phase's closed-loop single sends, then stopped as Ctrl-C stops it.
 *
 * It never meets a developer's running `npm start`: `--free-ports` puts every app on a free port,
 * wired to the others there, and it gets a database, a Redis and a nats-server (with the
 * repository's permission table) of its own. `--no-media` leaves object storage and clamd out:
 * they listen on fixed ports a running stack may share, and no send uses them. Everything the
 * stack prints goes to `logFile`.
 */
export async function runStart(ctx: BenchContext, logFile: string): Promise<StartResults> {
  const { options } = ctx;
  const database = `${options.databasePrefix}_start`;
  const databaseUrl = await ctx.freshDatabase(database);
  const nats = await startPrivateNats(await freePort());
  try {
    const redis = await startPrivateRedis();
    try {
      ctx.log(`start: the stack as \`npm start\` runs it (its output: ${logFile})`);
      const log = createWriteStream(logFile);
      const child = spawn(
        process.execPath,
        ['tools/dev/cli.mjs', 'start', '--free-ports', '--no-media'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            REDIS_URL: redis.url,
            NATS_URL: nats.url,
            ...natsPasswordSettings(nats.credentials),
            ...options.serviceEnv,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      // Both into one file, closed once `npm start` has exited.
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      const exited = once(child, 'exit');
      let apps: Record<string, number> = {};
      try {
        const announced = announcedApps(await untilRunning(child, logFile));
        const gatewayPort = announced['gateway'];
        if (gatewayPort === undefined) {
          throw new Error(`start: \`npm start\` announced no gateway (see ${logFile})`);
        }
        apps = appProcesses(child.pid!);
        const usage = ctx.sampleStack({
          database,
          services: Object.fromEntries(
            Object.entries(apps).map(([name, pid]) => [name, () => [pid]]),
          ),
          nats: () => (nats.process.pid === undefined ? [] : [nats.process.pid]),
        });
        let measured: Awaited<ReturnType<typeof measureSingleSends>>;
        try {
          measured = await measureSingleSends(ctx, `http://127.0.0.1:${gatewayPort}`, usage, PHASE);
        } finally {
          ctx.recordUsage(PHASE, await usage.stop());
        }
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`start: \`npm start\` stopped during the run (see ${logFile})`);
        }
        const { closed, cpu } = measured;
        return {
          single: {
            ...closed,
            connections: options.connections,
            accepted_per_s: acceptedPerS(closed),
          },
          cpu_us_per_message: cpu,
          apps: Object.keys(announced),
          log: path.basename(logFile),
        };
      } finally {
        // As Ctrl-C stops it: every app SIGTERM'd and waited for.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => {
          for (const pid of [...Object.values(apps), child.pid]) {
            try {
              if (pid !== undefined) process.kill(pid, 'SIGKILL');
            } catch {
              // gone already
            }
          }
        }, STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
        log.end();
      }
    } finally {
      await redis.stop();
    }
  } finally {
    await nats.destroy();
  }
}
