// The media pipeline's two dependencies in development and tests: an S3-compatible server
// (s3rver) and clamd with the repository's small signature database (infra/clamav). Each is
// started only when none is configured or answering, and stopped by the returned `stop()`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCAL_S3_PORT = 4569;
const LOCAL_CLAMD_PORT = 3310;
const BUCKET = 'switchboard-media';

const which = (bin) =>
  spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();

function clamdPing(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('zPING\0'));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('PONG')) done(true);
    });
    socket.once('error', () => done(false));
    socket.once('end', () => done(reply.includes('PONG')));
  });
}

async function s3Answers(endpoint) {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function until(check, seconds) {
  for (let i = 0; i < seconds * 10; i += 1) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** clamd from Debian's clamav-daemon, installed with apt-get when missing (as root). */
function clamdBinary() {
  const found =
    which('clamd') ||
    (spawnSync('test', ['-x', '/usr/sbin/clamd']).status === 0 ? '/usr/sbin/clamd' : '');
  if (found) return found;
  if (process.getuid?.() !== 0) return '';
  console.log('clamd: not installed; installing clamav-daemon');
  spawnSync(
    'sh',
    [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav-daemon',
    ],
    { stdio: 'inherit' },
  );
  return which('clamd') || '/usr/sbin/clamd';
}

function startClamd(dataDir, port) {
  const bin = clamdBinary();
  if (!bin) return undefined;
  const dir = path.join(dataDir, 'clamav');
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `DatabaseDirectory ${path.join(ROOT, 'infra', 'clamav')}`,
      `LogFile ${path.join(dir, 'clamd.log')}`,
      'StreamMaxLength 50M',
      'MaxThreads 4',
      // The signature database is the repository's: nothing to reload.
      'SelfCheck 0',
      '',
    ].join('\n'),
  );
  const log = openSync(path.join(dir, 'clamd.out'), 'a');
  return spawn(bin, ['-c', conf], { stdio: ['ignore', log, log] });
}

function startS3(dataDir, port) {
  const dir = path.join(dataDir, 's3');
  mkdirSync(dir, { recursive: true });
  const log = openSync(path.join(dataDir, 's3.log'), 'a');
  return spawn(
    process.execPath,
    [path.join(ROOT, 'tools/dev/s3-server.mjs'), String(port), dir, BUCKET],
    {
      stdio: ['ignore', log, log],
    },
  );
}

/**
 * Makes sure object storage and clamd answer; starts local ones when they are not configured.
 * Returns the settings the apps need (merged into their environment) and `stop()`.
 */
export async function ensureMediaServices({ dataDir, env = process.env, log = console.log }) {
  const children = [];
  const settings = {};
  if (!env.S3_ENDPOINT) {
    const endpoint = `http://127.0.0.1:${LOCAL_S3_PORT}`;
    if (!(await s3Answers(endpoint))) {
      log(`s3: no S3_ENDPOINT; starting a local S3 server on ${endpoint}`);
      children.push(startS3(dataDir, LOCAL_S3_PORT));
      if (!(await until(() => s3Answers(endpoint), 20))) {
        throw new Error(`the local S3 server did not start (see ${path.join(dataDir, 's3.log')})`);
      }
    }
  }
  const host = env.CLAMD_HOST ?? '127.0.0.1';
  const port = Number(env.CLAMD_PORT ?? LOCAL_CLAMD_PORT);
  if (!(await clamdPing(host, port))) {
    if (env.CLAMD_HOST && !['127.0.0.1', 'localhost'].includes(host)) {
      throw new Error(`clamd at ${host}:${port} does not answer`);
    }
    log(`clamd: not running on 127.0.0.1:${port}; starting a local one`);
    const child = startClamd(dataDir, port);
    if (!child) {
      throw new Error(
        'clamd is not running and could not be started here.\n' +
          'Install it:  apt-get install -y clamav-daemon   or start docker compose up -d clamav',
      );
    }
    children.push(child);
    if (!(await until(() => clamdPing('127.0.0.1', port, 250), 60))) {
      throw new Error(`clamd did not start (see ${path.join(dataDir, 'clamav', 'clamd.log')})`);
    }
    settings.CLAMD_HOST = '127.0.0.1';
    settings.CLAMD_PORT = String(port);
  }
  return {
    settings,
    stop: () =>
      Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', resolve);
              child.kill('SIGTERM');
            }),
        ),
      ),
  };
}

// `node tools/dev/media-services.mjs`: run them in the foreground (for running suites by hand).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { stop } = await ensureMediaServices({ dataDir: path.join(ROOT, '.data') });
  console.log('media services up; Ctrl-C stops them');
  const quit = () => stop().then(() => process.exit(0));
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  globalThis.setInterval(() => {}, 1 << 30);
}
