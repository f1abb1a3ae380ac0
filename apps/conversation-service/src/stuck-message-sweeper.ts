import { sql, type Database, type Kysely } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import { enqueueDispatch } from './dispatch-outbox';

export interface SweeperOptions {
  db: Kysely<Database>;
  log: Logger;
  partitions: number;
  /** A message still `queued` or `sending` this long after its last change is re-driven. */
  stuckAfterMs: number;
  intervalMs: number;
  batchSize: number;
  onRedriven?: (count: number) => void;
  onCommitted?: () => void;
}

/**
 * Re-drives outbound messages left `queued` or `sending` past a bound: a broker that crashed
 * right after acknowledging a publish can lose it (nats-server 2.9 acknowledges before it syncs
 * to disk). The command is published again under a fresh `Nats-Msg-Id`; the dispatchers' ledger
 * makes a second copy harmless. Replicas share the work through `skip locked`.
 */
export function createStuckMessageSweeper(options: SweeperOptions) {
  const { db, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const sweepOnce = async (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      const stuck = await trx
        .selectFrom('messages')
        .selectAll()
        .where('status', 'in', ['queued', 'sending'])
        .where('direction', '=', 'outbound')
        .where('updated_at', '<', new Date(Date.now() - options.stuckAfterMs))
        .orderBy('updated_at')
        .limit(options.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const message of stuck) {
        await enqueueDispatch(trx, message, {
          partitions: options.partitions,
          msgId: `${message.id}:g${message.dispatch_generation}:redrive:${Date.now()}`,
        });
      }
      if (stuck.length) {
        await trx
          .updateTable('messages')
          .set({ updated_at: sql`now()` })
          .where(
            'id',
            'in',
            stuck.map((m) => m.id),
          )
          .execute();
      }
      return stuck.length;
    });

  const tick = async () => {
    try {
      const n = await sweepOnce();
      if (n > 0) {
        log.warn({ count: n }, 're-drove messages stuck in queued/sending');
        options.onRedriven?.(n);
        options.onCommitted?.();
      }
    } catch (err) {
      log.warn({ err }, 'stuck-message sweep failed');
    }
    if (running) timer = setTimeout(() => void tick(), options.intervalMs);
  };

  return {
    start() {
      running = true;
      timer = setTimeout(() => void tick(), options.intervalMs);
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
    sweepOnce,
  };
}
