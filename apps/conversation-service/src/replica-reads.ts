import { sql, type Database, type Db, type Kysely } from '@switchboard/db';
import { Counter, Gauge, type Logger, type Registry } from '@switchboard/observability';

export interface ReplicaReadsOptions {
  primary: Kysely<Database>;
  /** The replica's connection; none: every read goes to the primary. */
  replica: Db | undefined;
  /** A replica lagging more than this (replay behind what it received, or unreachable) is skipped. */
  maxLagMs: number;
  checkIntervalMs: number;
  log: Logger;
  registry: Registry;
}

export interface ReplicaReads {
  /**
   * Runs a read that may be a little stale: on the replica when it is fresh enough, else (and
   * when the replica fails it) on the primary.
   */
  stale<T>(read: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The replica's lag at the last check, in ms; undefined when unknown (none, unreachable). */
  lagMs(): number | undefined;
  start(): void;
  stop(): Promise<void>;
}

/**
 * How far a hot standby's data is behind the primary, in ms. It has replayed everything it
 * received: 0, however long ago the last transaction was (an idle primary sends nothing to
 * replay). Otherwise the age of the last transaction it replayed. Not a standby: undefined.
 */
export async function replicaLagMs(db: Kysely<Database>): Promise<number | undefined> {
  const { rows } = await sql<{
    standby: boolean;
    caught_up: boolean | null;
    lag_ms: number | null;
  }>`
    select pg_is_in_recovery() as standby,
           pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up,
           (extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::float8 as lag_ms`.execute(
    db,
  );
  const row = rows[0];
  if (!row?.standby) return undefined;
  if (row.caught_up) return 0;
  return Math.max(0, row.lag_ms ?? Number.POSITIVE_INFINITY);
}

/**
 * Routes reads that tolerate staleness (listings, search) to a streaming replica while it keeps
 * up, and to the primary otherwise; read-your-writes reads never ask it. The lag is checked
 * every `checkIntervalMs`; until the first check succeeds the replica is not used. Metrics:
 * `db_replica_lag_seconds`, `db_replica_in_use` (1 while reads go to it) and
 * `db_stale_reads_total{target="replica"|"primary"}`.
 *
 * @example const reads = createReplicaReads({ primary: db, replica, maxLagMs: 5000, … }); reads.stale((db) => listConversations(db, q));
 */
export function createReplicaReads(options: ReplicaReadsOptions): ReplicaReads {
  const { primary, replica, log } = options;
  const registers = [options.registry];
  let lag: number | undefined;
  let inUse = false;
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;

  const reads = new Counter({
    name: 'db_stale_reads_total',
    help: 'Reads that may be stale (listings, search), by where they went: replica or primary',
    labelNames: ['target'],
    registers,
  });
  new Gauge({
    name: 'db_replica_in_use',
    help: 'Whether stale-tolerant reads go to the replica (1) or the primary (0): it lags, is unreachable or none is configured',
    registers,
    collect() {
      this.set(inUse ? 1 : 0);
    },
  });
  new Gauge({
    name: 'db_replica_lag_seconds',
    help: 'The replica’s replay lag at the last check (absent when unknown)',
    registers,
    collect() {
      if (lag === undefined || !Number.isFinite(lag)) this.reset();
      else this.set(lag / 1000);
    },
  });

  /** What the last check found; a change is logged once, not every check. */
  let state: 'fresh' | 'lagging' | 'unreachable' | 'not a standby' | undefined;
  const check = async () => {
    if (!replica) return;
    let next: number | undefined;
    let found: NonNullable<typeof state>;
    let error: unknown;
    try {
      next = await replicaLagMs(replica.db);
      found = next === undefined ? 'not a standby' : next <= options.maxLagMs ? 'fresh' : 'lagging';
    } catch (err) {
      found = 'unreachable';
      error = err;
    }
    lag = next;
    inUse = found === 'fresh';
    if (found === state) return;
    state = found;
    if (found === 'fresh') log.info({ lagMs: next }, 'reading listings from the database replica');
    else
      log.warn(
        { err: error, lagMs: next, maxLagMs: options.maxLagMs, replica: found },
        'database replica skipped; reading listings from the primary',
      );
  };
  const schedule = () => {
    timer = setTimeout(() => {
      checking = check().finally(() => {
        checking = undefined;
        if (timer) schedule();
      });
    }, options.checkIntervalMs);
  };

  return {
    async stale(read) {
      if (replica && inUse) {
        try {
          const answer = await read(replica.db);
          reads.inc({ target: 'replica' });
          return answer;
        } catch (err) {
          // Lost between two checks: the primary answers, and the replica waits for a good check.
          log.warn({ err }, 'database replica read failed; reading from the primary');
          inUse = false;
        }
      }
      reads.inc({ target: 'primary' });
      return read(primary);
    },
    lagMs: () => lag,
    start() {
      if (!replica) return;
      checking = check();
      schedule();
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await checking;
      await replica?.close();
    },
  };
}
