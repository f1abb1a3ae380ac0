import type { Database, Kysely } from '@switchboard/db';
import { sql } from '@switchboard/db';
import type { JetStreamClient, StreamPublisher } from '@switchboard/messaging';
import { encodeJson, publishMessage } from '@switchboard/messaging';
import { detached, type Logger } from '@switchboard/observability';

/** Any 64-bit number unique to the relay: one replica relays at a time, which keeps order. */
const RELAY_LOCK_KEY = 0x5357_4f42; // "SWOB"

export interface OutboxRelayOptions {
  db: Kysely<Database>;
  /**
   * Where rows are published: the service passes a publisher with one acknowledgement
   * subscription for every row (`createAckPublisher`) rather than a request per row.
   */
  js: JetStreamClient | StreamPublisher;
  log: Logger;
  batchSize: number;
  pollMs: number;
  onRelayed?: (count: number) => void;
  /**
   * Whether the NATS connection is up now. While it is not, this relay does not take its turn:
   * another replica's (in another region, with its own NATS) relays the outbox meanwhile.
   */
  connected?: () => boolean;
}

export interface OutboxRelay {
  start(): void;
  /** Asks for a pass now (after a commit) instead of at the next poll. */
  wake(): void;
  stop(): Promise<void>;
  /** Runs passes until the outbox is empty (tests, shutdown). */
  flush(): Promise<void>;
}

/**
 * Moves committed outbox rows to JetStream. Each pass locks a batch, publishes it pipelined with
 * `Nats-Msg-Id` (a re-publish after a crash is dropped by the server as a duplicate), and deletes
 * the rows in the same transaction. A transaction-scoped advisory lock makes replicas take turns,
 * so subjects receive rows in commit order.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, js, log } = options;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<number> | undefined;
  let again = false;

  const relayBatch = async (): Promise<number> =>
    options.connected?.() === false
      ? 0
      : db.transaction().execute(async (trx) => {
          const { rows } = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) as locked`.execute(trx);
          if (!rows[0]?.locked) return 0;
          const batch = await trx
            .selectFrom('outbox')
            .selectAll()
            .orderBy('id')
            .limit(options.batchSize)
            .forUpdate()
            .skipLocked()
            .execute();
          if (batch.length === 0) return 0;
          await Promise.all(
            // Each row carries the trace context and request id of the request that wrote it, so
            // the dispatch continues that request's trace.
            batch.map((row) =>
              publishMessage(js, row.subject, encodeJson(row.payload), {
                msgId: row.msg_id,
                headers: row.headers,
              }),
            ),
          );
          await trx
            .deleteFrom('outbox')
            .where(
              'id',
              'in',
              batch.map((r) => r.id),
            )
            .execute();
          return batch.length;
        });

  const runPass = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      again = false;
      const n = await relayBatch();
      total += n;
      if (n < options.batchSize && !again) return total;
    }
  };

  const schedule = (delayMs: number) => {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delayMs);
  };

  const tick = async () => {
    if (pass) {
      again = true;
      return;
    }
    pass = runPass();
    try {
      const n = await pass;
      if (n > 0) options.onRelayed?.(n);
      schedule(options.pollMs);
    } catch (err) {
      log.warn({ err }, 'outbox relay pass failed; retrying');
      schedule(Math.max(options.pollMs, 1_000));
    } finally {
      pass = undefined;
    }
  };

  return {
    start() {
      running = true;
      schedule(0);
    },
    wake() {
      if (!running) return;
      if (pass) again = true;
      // The pass relays every request's rows, not only the one that woke it.
      else detached(() => schedule(0));
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await pass?.catch(() => undefined);
    },
    async flush() {
      await pass?.catch(() => undefined);
      await runPass();
    },
  };
}
