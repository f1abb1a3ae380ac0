import { createDb, sql, type Database, type Db, type Kysely } from '@switchboard/db';
import { createLogger, createMetrics } from '@switchboard/observability';
import {
  eventually,
  startPrivatePostgres,
  startPrivateReplica,
  type PrivatePostgres,
  type PrivateReplica,
} from '@switchboard/testing';
import { createReplicaReads, replicaLagMs, type ReplicaReads } from '../src/replica-reads';

/** Which server answered: the standby says it is in recovery. */
const answeredBy = async (db: Kysely<Database>) => {
  const { rows } = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(
    db,
  );
  return rows[0]!.standby ? 'replica' : 'primary';
};

/**
 * Listings read from a real hot standby (pg_basebackup of a private primary, streaming) while it
 * keeps up, and from the primary once its replay falls behind the bound or it goes away.
 */
describe('reads that may be stale, with a streaming replica', () => {
  let primary: PrivatePostgres;
  let replica: PrivateReplica;
  let primaryDb: Db;
  let replicaDb: Db;
  let reads: ReplicaReads;
  const metrics = createMetrics('replica-reads-spec');
  const inUse = async () =>
    (await metrics.registry.getSingleMetric('db_replica_in_use')!.get()).values[0]?.value;

  beforeAll(async () => {
    primary = await startPrivatePostgres();
    replica = await startPrivateReplica(primary.url);
    primaryDb = createDb({ url: primary.url, poolMax: 2 });
    replicaDb = createDb({ url: replica.url, poolMax: 2, connectTimeoutMs: 1_000 });
    await sql`create table notes (id serial primary key, body text not null)`.execute(primaryDb.db);
    reads = createReplicaReads({
      primary: primaryDb.db,
      replica: replicaDb,
      maxLagMs: 300,
      checkIntervalMs: 100,
      log: createLogger({ service: 'replica-reads-spec', level: 'silent' }),
      registry: metrics.registry,
    });
    reads.start();
  }, 120_000);
  afterAll(async () => {
    await reads?.stop();
    await primaryDb?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('reads from the replica while it has replayed what the primary wrote', async () => {
    await sql`insert into notes (body) values ('first')`.execute(primaryDb.db);
    await eventually(
      () => reads.stale(answeredBy),
      (who) => who === 'replica',
      { what: 'reads on the replica' },
    );
    const bodies = await eventually(
      () =>
        reads.stale((db) =>
          db
            .selectFrom('notes' as never)
            .select('body' as never)
            .execute(),
        ),
      (rows) => rows.length === 1,
    );
    expect(bodies).toEqual([{ body: 'first' }]);
    expect(await replicaLagMs(replicaDb.db)).toBe(0);
    expect(await inUse()).toBe(1);
  });

  it('reads from the primary while the replica lags past the bound, and from the replica again once it catches up', async () => {
    await replica.pauseReplay();
    await sql`insert into notes (body) values ('second')`.execute(primaryDb.db);
    await eventually(
      () => reads.stale(answeredBy),
      (who) => who === 'primary',
      { what: 'reads moved to the primary' },
    );
    expect(await inUse()).toBe(0);
    expect(await replicaLagMs(replicaDb.db)).toBeGreaterThan(300);
    const rows = await reads.stale((db) =>
      db
        .selectFrom('notes' as never)
        .select('body' as never)
        .execute(),
    );
    expect(rows).toHaveLength(2);

    await replica.resumeReplay();
    await eventually(
      () => reads.stale(answeredBy),
      (who) => who === 'replica',
      { what: 'reads back on the replica' },
    );
    expect(
      await reads.stale((db) =>
        db
          .selectFrom('notes' as never)
          .selectAll()
          .execute(),
      ),
    ).toHaveLength(2);
  });

  it('reads from the primary when the replica is down, without a failed read', async () => {
    await replica.stop('immediate');
    // The first read after the loss may still be routed to the replica; it is answered by the primary.
    expect(await reads.stale(answeredBy)).toBe('primary');
    expect(await inUse()).toBe(0);
    await replica.start();
    await eventually(
      () => reads.stale(answeredBy),
      (who) => who === 'replica',
      { what: 'reads back on the restarted replica', timeoutMs: 30_000 },
    );
  });
});
