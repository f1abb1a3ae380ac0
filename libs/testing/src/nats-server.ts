import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NATS_USERS, renderNatsAuthorization, type NatsUser } from '@switchboard/messaging';

/** A NATS user's credentials, in the shape `connectNats` takes. */
export interface NatsCredentials {
  user: string;
  password: string;
}

export interface PrivateNats {
  url: string;
  port: number;
  /**
   * Every user of the permission table (NATS_PERMISSIONS) with its password on this server:
   * `admin` may do anything, each service only what it needs. Empty when started with
   * `{ authorization: false }`.
   */
  credentials: Readonly<Partial<Record<NatsUser, NatsCredentials>>>;
  /** What the server logged so far, e.g. the permissions violations it refused. */
  log(): string;
  process: ChildProcess;
  /** Stops the server; `restart` starts it again on the same port with the same store. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes its store. */
  destroy(): Promise<void>;
}

function natsServerBinary(): string {
  const configured = process.env['NATS_SERVER_BIN'];
  if (configured) return configured;
  const found = spawnSync(
    'sh',
    ['-c', 'command -v nats-server || ls /usr/sbin/nats-server 2>/dev/null'],
    { encoding: 'utf8' },
  ).stdout.trim();
  if (!found) throw new Error('nats-server is not installed (apt-get install nats-server)');
  return found.split('\n')[0]!;
}

async function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A JetStream-enabled nats-server of a test's own, on a free port with a temporary store, so
 * suites never share streams or consumers with each other or with a running development stack.
 * It enforces the production permission table (one user per service, fresh random passwords;
 * see `credentials`) unless `authorization: false`.
 *
 * @example
 * const server = await startPrivateNats(await freePort());
 * const admin = await connectNats({ url: server.url, name: 'test', ...server.credentials.admin });
 */
export async function startPrivateNats(
  port: number,
  options: {
    authorization?: boolean;
    /** Serve clients over TLS only, with this certificate and key (PEM files). */
    tls?: { certFile: string; keyFile: string };
  } = {},
): Promise<PrivateNats> {
  const bin = natsServerBinary();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-nats-'));
  const credentials: Partial<Record<NatsUser, NatsCredentials>> = {};
  const logFile = path.join(storeDir, 'nats-server.log');
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, '-l', logFile];
  if (options.authorization ?? true) {
    for (const user of NATS_USERS) {
      credentials[user] = { user, password: randomBytes(18).toString('base64url') };
    }
    const configFile = path.join(storeDir, 'authorization.conf');
    writeFileSync(
      configFile,
      renderNatsAuthorization((user) => credentials[user]!.password),
    );
    args.push('-c', configFile);
  }
  if (options.tls) {
    args.push('--tls', '--tlscert', options.tls.certFile, '--tlskey', options.tls.keyFile);
  }
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(bin, args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await reachable(port))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`nats-server did not start on ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };

  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    credentials,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    get process() {
      return child;
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async destroy() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
