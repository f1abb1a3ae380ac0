import { sql, type Database, type Kysely } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';

export interface WebhookLogRetentionOptions {
  db: Kysely<Database>;
  /** Rows received longer ago than this are deleted; 0 keeps them forever. */
  retentionDays: number;
  /** Rows deleted per statement, so no sweep holds long locks or bloats one transaction. */
  batchSize: number;
  /** Pause between sweeps (jittered, so replicas do not sweep in step). */
  intervalMs: number;
  log: Logger;
}

interface RetainedTable {
  name: string;
  key: string;
  time: string;
}

/**
 * What the retention deletes: the audit trail, and the calls webhook-ingest answered (kept only
 * for the callbacks that follow a call, which come within minutes).
 */
const RETAINED: readonly RetainedTable[] = [
  { name: 'webhook_logs', key: 'id', time: 'received_at' },
  { name: 'inbound_calls', key: 'call_sid', time: 'created_at' },
];

/**
 * Deletes webhook_logs and inbound_calls rows older than the retention, in bounded batches, on a timer. Every
 * replica runs it: `for update skip locked` gives concurrent sweeps disjoint rows, so several
 * replicas only finish sooner. A failed sweep (PostgreSQL down) is retried at the next interval.
 *
 * @example const retention = createWebhookLogRetention({ db, retentionDays: 30, batchSize: 1000, intervalMs: 3_600_000, log });
 */
export function createWebhookLogRetention(options: WebhookLogRetentionOptions) {
  const { db, retentionDays, batchSize, intervalMs, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let stopped = true;

  /** Deletes every row of one table past the retention, a batch at a time; answers how many. */
  async function sweepTable(table: RetainedTable): Promise<number> {
    const [name, key, time] = [sql.table(table.name), sql.ref(table.key), sql.ref(table.time)];
    let deleted = 0;
    while (!stopped) {
      const result = await sql`
        delete from ${name}
         where ${key} in (
           select ${key} from ${name}
            where ${time} < now() - make_interval(days => ${retentionDays})
            limit ${batchSize}
              for update skip locked)`.execute(db);
      const count = Number(result.numAffectedRows ?? 0);
      deleted += count;
      if (count < batchSize) break;
    }
    return deleted;
  }

  async function sweep(): Promise<number> {
    let deleted = 0;
    for (const table of RETAINED) deleted += await sweepTable(table);
    return deleted;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(run, intervalMs / 2 + Math.random() * (intervalMs / 2));
    timer.unref();
  }

  function run() {
    sweeping = sweep()
      .then((deleted) => {
        if (deleted > 0)
          log.info({ deleted, retention_days: retentionDays }, 'old webhook logs deleted');
      })
      .catch((err: unknown) =>
        log.warn({ err }, 'webhook log retention sweep failed; retrying at the next interval'),
      )
      .finally(() => {
        sweeping = undefined;
        schedule();
      });
  }

  return {
    start() {
      if (retentionDays === 0 || !stopped) return;
      stopped = false;
      schedule();
    },
    /** Stops the timer and waits for a sweep in progress (it stops after its current batch). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
    },
  };
}
export type WebhookLogRetention = ReturnType<typeof createWebhookLogRetention>;
