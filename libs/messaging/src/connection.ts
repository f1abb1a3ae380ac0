import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';

export type { NatsConnection } from '@nats-io/transport-node';
export type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';

export interface Nats {
  /** The connection's name: the service's. */
  name: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Round-trips to the server; throws when it is unreachable. */
  ping(): Promise<void>;
  /** Drains subscriptions and closes the connection. */
  close(): Promise<void>;
}

/**
 * Connects to NATS with endless reconnects and returns the JetStream handles.
 *
 * @example const nats = await connectNats({ url: 'nats://127.0.0.1:4222', name: 'gateway' });
 */
export async function connectNats(options: {
  url: string;
  name: string;
  timeoutMs?: number;
}): Promise<Nats> {
  const nc = await connect({
    servers: options.url.split(','),
    name: options.name,
    timeout: options.timeoutMs ?? 5_000,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    // Otherwise every request (and JetStream publish) builds two Errors up front to carry the
    // caller's stack should it time out: measured at ~11% of conversation-service's CPU under
    // load (tools/bench). A timeout still fails the call; spans say where it came from.
    noAsyncTraces: true,
  });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  return {
    name: options.name,
    nc,
    js,
    jsm,
    async ping() {
      if (nc.isClosed()) throw new Error('NATS connection is closed');
      await nc.rtt();
    },
    async close() {
      if (nc.isClosed()) return;
      await nc.drain().catch(() => nc.close());
    },
  };
}
