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
        // Held for quiet hours (or queued behind a held message of the conversation): waiting,
        // not stuck. The release below dispatches the held one when its hold ends.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('messages as held')
                .select('held.id')
                .whereRef('held.conversation_id', '=', 'messages.conversation_id')
                .where('held.hold_until', 'is not', null)
                .where('held.status', '=', 'queued')
                .whereRef('held.dispatch_seq', '<=', 'messages.dispatch_seq'),
            ),
          ),
        )
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

  /**
   * Dispatches again the messages whose quiet-hours hold has ended (a dispatcher acknowledged
   * them when it held them). Durable: the hold is a column, so a restart loses none.
   */
  const releaseOnce = async (): Promise<number> =>
    db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('messages')
        .selectAll()
        .where('status', '=', 'queued')
        .where('hold_until', '<=', new Date())
        .orderBy('hold_until')
        .limit(options.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const message of due) {
        await enqueueDispatch(trx, message, {
          partitions: options.partitions,
          msgId: `${message.id}:g${message.dispatch_generation}:release:${message.hold_until!.getTime()}`,
        });
      }
      if (due.length) {
        await trx
          .updateTable('messages')
          .set({ hold_until: null, updated_at: sql`now()` })
          .where(
            'id',
            'in',
            due.map((m) => m.id),
          )
          .execute();
      }
      return due.length;
    });

  const tick = async () => {
    try {
      const released = await releaseOnce();
      if (released > 0) {
        log.info({ count: released }, 'dispatched messages whose quiet-hours hold ended');
        options.onCommitted?.();
      }
    } catch (err) {
      log.warn({ err }, 'held-message release failed');
    }
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
    releaseOnce,
  };
}
