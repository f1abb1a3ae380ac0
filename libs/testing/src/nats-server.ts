import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { StorageType } from '@nats-io/jetstream';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  connectNats,
  NATS_USERS,
  renderNatsAuthorization,
  type NatsUser,
} from '@switchboard/messaging';
import { freePort } from './free-port';

/** A NATS user's credentials, in the shape `connectNats` takes. */
export interface NatsCredentials {
  user: string;
  password: string;
}

export interface PrivateNats {
  url: string;
  port: number;
  /** The server's name (`server_name`): what JetStream reports as a stream's leader. */
  serverName: string;
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
    /** The users' passwords, when several servers (a cluster) must share them; fresh otherwise. */
    credentials?: Readonly<Partial<Record<NatsUser, NatsCredentials>>>;
    /** Join a cluster: listen for routes on `port`, and connect to the servers at `routes`. */
    cluster?: { name: string; serverName: string; port: number; routes: readonly number[] };
    /**
     * Be a one-server cluster `name` (its routes on `routePort`) joined to others by a NATS
     * gateway listening on `port`: `gateways` names every cluster of the supercluster (this one
     * too) with its gateway port. See `startPrivateNatsSupercluster`.
     */
    gateway?: {
      name: string;
      port: number;
      routePort: number;
      gateways: readonly { name: string; port: number }[];
    };
  } = {},
): Promise<PrivateNats> {
  const bin = natsServerBinary();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-nats-'));
  const credentials: Partial<Record<NatsUser, NatsCredentials>> = { ...options.credentials };
  const logFile = path.join(storeDir, 'nats-server.log');
  const serverName = options.cluster?.serverName ?? options.gateway?.name ?? `nats-${port}`;
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, '-l', logFile];
  args.push('--server_name', serverName);
  if (options.cluster) {
    const { name, port: routePort, routes } = options.cluster;
    args.push('--cluster_name', name, '--cluster', `nats://127.0.0.1:${routePort}`);
    args.push('--routes', routes.map((p) => `nats://127.0.0.1:${p}`).join(','));
  }
  const config: string[] = [];
  if (options.authorization ?? true) {
    for (const user of NATS_USERS) {
      credentials[user] ??= { user, password: randomBytes(18).toString('base64url') };
    }
    config.push(renderNatsAuthorization((user) => credentials[user]!.password));
  }
  if (options.gateway) {
    const { name, port: gatewayPort, routePort, gateways } = options.gateway;
    // Clustered JetStream needs routes: a route to itself makes a one-server cluster.
    config.push(
      `cluster { name: "${name}", listen: "127.0.0.1:${routePort}", routes: ["nats://127.0.0.1:${routePort}"] }`,
      `gateway { name: "${name}", listen: "127.0.0.1:${gatewayPort}", gateways: [${gateways
        .map((g) => `{ name: "${g.name}", url: "nats://127.0.0.1:${g.port}" }`)
        .join(', ')}] }`,
    );
  }
  if (config.length > 0) {
    const configFile = path.join(storeDir, 'server.conf');
    writeFileSync(configFile, config.join('\n'));
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
    serverName,
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

/**
 * Several private nats-servers clustered on loopback (routes between all of them), each with its
 * own store and JetStream: the stand-in for a production NATS cluster. It is a {@link PrivateNats}
 * as a whole — `url` lists every server (a `NATS_URL` for the services), `stop`/`restart` act on
 * all — and `port`/`process` are its first server's; `nodes` are the servers themselves.
 */
export interface PrivateNatsCluster extends PrivateNats {
  nodes: readonly PrivateNats[];
  /** The server leading `stream` now (JetStream's stream leader), asked as the admin user. */
  leaderOf(stream: string): Promise<PrivateNats>;
}

/** `count` client and route ports, all free and all different. */
async function distinctPortPairs(count: number): Promise<{ client: number; route: number }[]> {
  const taken = new Set<number>();
  const next = async () => {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    return port;
  };
  const pairs: { client: number; route: number }[] = [];
  for (let i = 0; i < count; i += 1) pairs.push({ client: await next(), route: await next() });
  return pairs;
}

/**
 * Starts `size` nats-servers as one cluster and resolves once JetStream has a meta leader (streams
 * can be created). They share the users and passwords of the permission table.
 *
 * @example
 * const cluster = await startPrivateNatsCluster(3);
 * const admin = await connectNats({ url: cluster.url, name: 'test', ...cluster.credentials.admin });
 * await ensureStreams(admin.jsm, undefined, 3);
 * await (await cluster.leaderOf('DISPATCH')).stop('SIGKILL');
 */
export async function startPrivateNatsCluster(
  size: number,
  options: { ports?: readonly { client: number; route: number }[]; name?: string } = {},
): Promise<PrivateNatsCluster> {
  const ports = options.ports ?? (await distinctPortPairs(size));
  const name = options.name ?? 'switchboard-test';
  const credentials: Partial<Record<NatsUser, NatsCredentials>> = {};
  for (const user of NATS_USERS) {
    credentials[user] = { user, password: randomBytes(18).toString('base64url') };
  }
  const routes = ports.map((p) => p.route);
  const nodes: PrivateNats[] = [];
  try {
    for (const [i, p] of ports.entries()) {
      nodes.push(
        await startPrivateNats(p.client, {
          credentials,
          cluster: { name, serverName: `${name}-${i + 1}`, port: p.route, routes },
        }),
      );
    }
  } catch (err) {
    await Promise.all(nodes.map((n) => n.destroy()));
    throw err;
  }
  const url = nodes.map((n) => n.url).join(',');
  const admin = () => connectNats({ url, name: 'test-cluster-admin', ...credentials.admin! });
  // Ready once a stream can be placed on every server: a meta leader is elected and knows
  // all of its peers.
  const ready = Date.now() + 30_000;
  for (;;) {
    try {
      const nats = await admin();
      try {
        const probe = `CLUSTER_READY_${randomBytes(4).toString('hex')}`;
        await nats.jsm.streams.add({
          name: probe,
          subjects: [`_cluster_ready.${probe}`],
          storage: StorageType.Memory,
          num_replicas: size,
        });
        await nats.jsm.streams.delete(probe);
        break;
      } finally {
        await nats.close();
      }
    } catch (err) {
      if (Date.now() > ready) {
        await Promise.all(nodes.map((n) => n.destroy()));
        throw new Error(`the NATS cluster's JetStream did not become ready: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const first = nodes[0]!;
  return {
    url,
    port: first.port,
    serverName: first.serverName,
    credentials,
    nodes,
    get process() {
      return first.process;
    },
    log: () => nodes.map((n) => `--- ${n.serverName}\n${n.log()}`).join('\n'),
    async stop(signal) {
      await Promise.all(nodes.map((n) => n.stop(signal)));
    },
    async restart() {
      await Promise.all(nodes.map((n) => n.restart()));
    },
    async destroy() {
      await Promise.all(nodes.map((n) => n.destroy()));
    },
    async leaderOf(stream) {
      const nats = await admin();
      try {
        const leader = (await nats.jsm.streams.info(stream)).cluster?.leader;
        const node = nodes.find((n) => n.serverName === leader);
        if (!node) throw new Error(`stream ${stream} has no leader among the nodes (${leader})`);
        return node;
      } finally {
        await nats.close();
      }
    },
  };
}

/**
 * One single-server cluster per name, joined by NATS gateways into a supercluster, JetStream on,
 * sharing the users of the permission table; resolves once JetStream can place a stream. (Why the
 * regions of a deployment are not joined like this: docs/DEPLOYMENT.md, "Multi-region".)
 *
 * @example const [a, b] = await startPrivateNatsSupercluster(['region-a', 'region-b']);
 */
export async function startPrivateNatsSupercluster(
  names: readonly string[],
): Promise<PrivateNats[]> {
  const ports = await distinctPortPairs(names.length * 2);
  const credentials: Partial<Record<NatsUser, NatsCredentials>> = {};
  for (const user of NATS_USERS) {
    credentials[user] = { user, password: randomBytes(18).toString('base64url') };
  }
  const gateways = names.map((name, i) => ({ name, port: ports[i * 2]!.route }));
  const servers: PrivateNats[] = [];
  try {
    for (const [i, name] of names.entries()) {
      servers.push(
        await startPrivateNats(ports[i * 2]!.client, {
          credentials,
          gateway: { name, port: gateways[i]!.port, routePort: ports[i * 2 + 1]!.client, gateways },
        }),
      );
    }
    const ready = Date.now() + 30_000;
    for (;;) {
      try {
        const nats = await connectNats({
          url: servers[0]!.url,
          name: 'test-supercluster-admin',
          ...credentials.admin!,
        });
        try {
          const probe = `SUPERCLUSTER_READY_${randomBytes(4).toString('hex')}`;
          await nats.jsm.streams.add({
            name: probe,
            subjects: [`_supercluster_ready.${probe}`],
            storage: StorageType.Memory,
          });
          await nats.jsm.streams.delete(probe);
          return servers;
        } finally {
          await nats.close();
        }
      } catch (err) {
        if (Date.now() > ready)
          throw new Error(`the supercluster's JetStream did not become ready: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.destroy()));
    throw err;
  }
}
