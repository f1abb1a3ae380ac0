import { sql, type Database, type Kysely } from '@switchboard/db';
import { Gauge, type Registry } from '@switchboard/observability';

/** Past this many rows the backlog reads as this many: counting stays cheap when it is huge. */
export const OUTBOX_BACKLOG_COUNT_CAP = 100_000;
/** Concurrent scrapes share one query. */
const SNAPSHOT_TTL_MS = 1_000;

/**
 * Reports the outbox on every scrape: `outbox_backlog_messages` (rows not yet relayed, capped at
 * OUTBOX_BACKLOG_COUNT_CAP) and `outbox_oldest_message_age_seconds` (0 when empty). The outbox is
 * emptied as it is relayed, so a growing number means the relay is stuck or NATS is down.
 *
 * @example observeOutbox(db, metrics.registry);
 */
export function observeOutbox(db: Kysely<Database>, registry: Registry): void {
  let cached:
    { at: number; value: Promise<{ rows: number; ageS: number } | undefined> } | undefined;
  const snapshot = () => {
    if (cached && Date.now() - cached.at < SNAPSHOT_TTL_MS) return cached.value;
    const value = sql<{ rows: number; age_s: number | null }>`
      select (select count(*)::int from (select 1 from outbox limit ${OUTBOX_BACKLOG_COUNT_CAP}) capped) as rows,
             extract(epoch from now() - (select min(created_at) from outbox))::float8 as age_s`
      .execute(db)
      .then(({ rows }) => ({ rows: rows[0]?.rows ?? 0, ageS: Math.max(0, rows[0]?.age_s ?? 0) }))
      // The database not answering shows as missing samples (and on /ready), not as an empty outbox.
      .catch(() => undefined);
    cached = { at: Date.now(), value };
    return value;
  };
  new Gauge({
    name: 'outbox_backlog_messages',
    help: `Outbox rows waiting to be relayed to JetStream (counted up to ${OUTBOX_BACKLOG_COUNT_CAP})`,
    registers: [registry],
    async collect() {
      const s = await snapshot();
      if (s) this.set(s.rows);
      else this.reset();
    },
  });
  new Gauge({
    name: 'outbox_oldest_message_age_seconds',
    help: 'Age of the oldest outbox row not yet relayed (0 when the outbox is empty)',
    registers: [registry],
    async collect() {
      const s = await snapshot();
      if (s) this.set(s.ageS);
      else this.reset();
    },
  });
}
