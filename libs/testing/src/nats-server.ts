import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PrivateNats {
  url: string;
  port: number;
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
 */
export async function startPrivateNats(port: number): Promise<PrivateNats> {
  const bin = natsServerBinary();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-nats-'));
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
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
