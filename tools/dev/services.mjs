// Makes sure PostgreSQL, Redis and NATS (with JetStream) answer at their configured addresses,
// starting local ones from the installed binaries when they do not.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Users of the NATS permission table (libs/messaging/src/nats-permissions.ts). */
const NATS_USERS = [
  'admin',
  'gateway',
  'conversation-service',
  'sms-dispatcher',
  'email-dispatcher',
  'webhook-ingest',
  'voice-dispatcher',
  'webhook-dispatcher',
];

/** Where a NATS user's password is read from: the same variable the nats-server reads. */
const natsPasswordVariable = (user) => `NATS_${user.toUpperCase().replaceAll('-', '_')}_PASSWORD`;

/**
 * A NATS user's local development credentials: `NATS_<USER>_PASSWORD` when set, else the
 * development default docker-compose.yml's nats-server also uses. A nats-server without
 * authorization (a bare local one) ignores them, so they work against either.
 */
export function natsDevCredentials(user, env = process.env) {
  return {
    NATS_USER: user,
    NATS_PASSWORD: env[natsPasswordVariable(user)] ?? `switchboard-dev-${user}`,
  };
}

export function endpoints(env = process.env) {
  const pg = env.DATABASE_URL
    ? new URL(env.DATABASE_URL)
    : new URL(`postgres://${env.POSTGRES_HOST ?? '127.0.0.1'}:${env.POSTGRES_PORT ?? 5432}`);
  const redis = new URL(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const nats = new URL((env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0]);
  return {
    postgres: { host: pg.hostname, port: Number(pg.port || 5432) },
    redis: { host: redis.hostname, port: Number(redis.port || 6379) },
    nats: { host: nats.hostname, port: Number(nats.port || 4222) },
  };
}

export function reachable({ host, port }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const which = (bin) =>
  spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();

async function waitFor(endpoint, seconds) {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await reachable(endpoint, 250)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function startPostgres() {
  if (which('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    const versions = readdirSync('/etc/postgresql');
    for (const version of versions) {
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'inherit',
      });
    }
    return versions.length > 0;
  }
  return false;
}

function startRedis(dataDir, { port }) {
  if (!which('redis-server')) return false;
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  spawnSync(
    'redis-server',
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--logfile',
      path.join(dir, 'redis.log'),
    ],
    { stdio: 'inherit' },
  );
  return true;
}

/**
 * Spawns a JetStream nats-server on `port` with its store in `dir`, with the repository's
 * authorization (each service its own user, development passwords) unless `open`. `detached`
 * leaves it running after this process exits, as `npm start` does for the shared server.
 */
function spawnNats({ port, dir, detached, open = false }) {
  const bin = which('nats-server');
  if (!bin) return undefined;
  mkdirSync(dir, { recursive: true });
  const log = openSync(path.join(dir, 'nats.log'), 'a');
  const conf = path.join(ROOT, 'infra', 'nats', 'authorization.conf');
  const passwords = Object.fromEntries(
    NATS_USERS.map((user) => [natsPasswordVariable(user), natsDevCredentials(user).NATS_PASSWORD]),
  );
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir];
  const child = spawn(bin, open ? args : [...args, '-c', conf], {
    detached,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...passwords },
  });
  if (detached) child.unref();
  return child;
}

function startNats(dataDir, { port }) {
  return spawnNats({ port, dir: path.join(dataDir, 'nats'), detached: true }) !== undefined;
}

/**
 * A nats-server of one test worker's own on a free port, with a fresh store: parallel test
 * workers never share streams or consumers. Open like the server CI machines run (the suites that
 * test permissions start servers of their own). Stopped by `stop()`.
 */
export async function startWorkerNats(dataDir, name) {
  const port = await freePort();
  const dir = path.join(dataDir, name);
  rmSync(dir, { recursive: true, force: true });
  const child = spawnNats({ port, dir, detached: false, open: true });
  if (!child) throw new Error('nats-server is not installed (apt-get install nats-server)');
  if (!(await waitFor({ host: '127.0.0.1', port }, 20))) {
    child.kill('SIGKILL');
    throw new Error(`nats-server for ${name} did not start on port ${port}`);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/** A port nothing listens on now, from the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Ensures each service answers; starts local ones that do not. Throws with the exact command to
 * run when one cannot be started here.
 */
export async function ensureServices({ dataDir, env = process.env, log = console.log }) {
  const ep = endpoints(env);
  const starters = {
    postgres: () => startPostgres(),
    redis: () => startRedis(dataDir, ep.redis),
    nats: () => startNats(dataDir, ep.nats),
  };
  const missing = [];
  for (const [name, endpoint] of Object.entries(ep)) {
    if (await reachable(endpoint)) continue;
    if (!LOCAL_HOSTS.has(endpoint.host)) {
      missing.push(`${name} at ${endpoint.host}:${endpoint.port} does not answer`);
      continue;
    }
    log(`${name}: not running on ${endpoint.host}:${endpoint.port}; starting a local one`);
    if (!starters[name]() || !(await waitFor(endpoint, 20))) {
      missing.push(
        `${name} at ${endpoint.host}:${endpoint.port} is not running and could not be started here`,
      );
    }
  }
  if (missing.length) {
    throw new Error(
      `${missing.join('\n')}\n\nStart them with:  docker compose up -d postgres redis nats\n` +
        'or install them:  apt-get install -y postgresql redis-server nats-server',
    );
  }
}
