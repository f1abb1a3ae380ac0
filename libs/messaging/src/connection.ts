import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { createAckPublisher, type StreamPublisher } from './ack-publisher';
import { createReplyInbox, type ReplyInbox } from './reply-inbox';
import { natsInboxPrefix } from './nats-permissions';

export type { NatsConnection } from '@nats-io/transport-node';
export type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';

export interface Nats {
  /** The connection's name: the service's. */
  name: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /**
   * Publishes to JetStream with one acknowledgement subscription for the whole connection
   * (`createAckPublisher`) instead of a request per message; resolves once stored.
   */
  publisher: StreamPublisher;
  /** Requests (`callRpc`) answered through one reply subscription (`createReplyInbox`). */
  requests: ReplyInbox;
  /** Where replies to this connection arrive (the only inbox its NATS user may read). */
  inboxPrefix: string;
  /** Round-trips to the server; throws when it is unreachable. */
  ping(): Promise<void>;
  /** Drains subscriptions and closes the connection. */
  close(): Promise<void>;
}

/** TLS towards NATS: the CA that signed the servers' certificates, and a client certificate. */
export interface NatsTlsOptions {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface ConnectNatsOptions {
  url: string;
  name: string;
  /**
   * The service's NATS user and password; none when the server runs without authorization.
   * Replies arrive under the user's own inbox prefix (`_INBOX.<user>`, else `_INBOX.<name>`).
   */
  user?: string;
  password?: string;
  /** TLS settings; TLS is required when given (also when only `{}`). */
  tls?: NatsTlsOptions;
  timeoutMs?: number;
}

/** How long a publish through `Nats.publisher` waits for JetStream to store it. */
export const PUBLISH_ACK_TIMEOUT_MS = 5_000;

/** How often a client checks that its server still answers (two misses: reconnect). */
export const PING_INTERVAL_MS = 10_000;

/** The servers of a `NATS_URL`: one URL, or a comma-separated list of a cluster's servers. */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
}

/**
 * Connects to NATS with endless reconnects and returns the JetStream handles.
 *
 * @example const nats = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'gateway' });
 * @example await connectNats({ url, name: 'gateway', user: 'gateway', password, tls: { caFile } });
 */
export async function connectNats(options: ConnectNatsOptions): Promise<Nats> {
  const inboxPrefix = natsInboxPrefix(options.user ?? options.name);
  const nc = await connect({
    // A cluster's servers (`nats://a:4222,nats://b:4222`): the client connects to one at random
    // and, when it goes away, to another one, learning the rest of the cluster from the server.
    servers: natsServers(options.url),
    name: options.name,
    // Each service may only subscribe to its own inbox (NATS_PERMISSIONS), so no other service
    // can read the answers to its requests.
    inboxPrefix,
    ...(options.user !== undefined ? { user: options.user, pass: options.password ?? '' } : {}),
    ...(options.tls ? { tls: { ...options.tls } } : {}),
    timeout: options.timeoutMs ?? 5_000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // A server that vanished without closing the connection (a node lost, a partition) is
    // noticed after two unanswered pings rather than the default's four minutes; then the client
    // reconnects to another server of the cluster and its subscriptions and pulls resume there.
    pingInterval: PING_INTERVAL_MS,
    maxPingOut: 2,
    waitOnFirstConnect: false,
    // Otherwise every request (and JetStream publish) builds two Errors up front to carry the
    // caller's stack should it time out: measured at ~11% of conversation-service's CPU under
    // load (tools/bench). A timeout still fails the call; spans say where it came from.
    noAsyncTraces: true,
  });
  // JetStream may not answer yet (a cluster still electing its meta leader): the connection
  // goes with the failure, or it would go on reconnecting for a caller that never got it.
  const jsm = await jetstreamManager(nc).catch(async (err: unknown) => {
    await nc.close().catch(() => undefined);
    throw err;
  });
  const js = jetstream(nc);
  const publisher = createAckPublisher(nc, inboxPrefix, PUBLISH_ACK_TIMEOUT_MS);
  const requests = createReplyInbox(nc, inboxPrefix);
  return {
    name: options.name,
    nc,
    js,
    jsm,
    publisher,
    requests,
    inboxPrefix,
    async ping() {
      if (nc.isClosed()) throw new Error('NATS connection is closed');
      await nc.rtt();
    },
    async close() {
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
      publisher.close();
      requests.close();
    },
  };
}
