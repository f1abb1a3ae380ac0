// Media retention against the real PostgreSQL and the local S3 server `npm test` starts: what
// is past MEDIA_RETENTION_DAYS goes, record and object; what an unsettled message still names,
// or what was used lately, stays.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql, type Db } from '@switchboard/db';
import {
  createMediaStorage,
  mediaStorageEnv,
  recordMediaRow,
  storageSettingsOf,
  sweepExpiredMedia,
} from '@switchboard/media';
import { TestFiles } from '@switchboard/media/testing';
import { openTestDb, sendOne, smsCommand } from './fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const storage = createMediaStorage(
  storageSettingsOf({ ...mediaStorageEnv.parse(process.env), ENVIRONMENT: 'test' }),
);

describe('media retention (PostgreSQL, S3)', () => {
  let database: Db;
  let tenantId: string;
  const cutoff = () => new Date(Date.now() - 90 * DAY_MS);

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
    await storage.ensureBucket();
  });
  afterAll(async () => {
    storage.close();
    await database.close();
  });

  /** A stored and recorded PNG of the tenant's, `ageDays` old (created and last used then). */
  async function storedMedia(ageDays: number): Promise<{ id: string; key: string }> {
    const id = randomUUID();
    const key = `${tenantId}/${id}`;
    const bytes = Buffer.concat([TestFiles.png, Buffer.from(randomUUID())]);
    await storage.put(key, Readable.from([bytes]), 'image/png');
    await recordMediaRow(database.db, {
      tenant_id: tenantId,
      id,
      sha256: randomUUID().replace(/-/g, '').repeat(2),
      size: bytes.length,
      content_type: 'image/png',
      original_name: 'photo.png',
      source: 'upload',
      scan_status: 'clean',
      scan_signature: null,
      storage_key: key,
    });
    await age(id, ageDays);
    return { id, key };
  }
  const age = (id: string, days: number) =>
    sql`update media set created_at = now() - make_interval(days => ${days}),
          last_used_at = now() - make_interval(days => ${days}) where id = ${id}`.execute(
      database.db,
    );
  const recorded = async (id: string) =>
    (await database.db.selectFrom('media').select('id').where('id', '=', id).execute()).length ===
    1;
  const stored = (key: string) =>
    storage.get(key).then(
      async ({ body }) => {
        body.resume();
        return true;
      },
      () => false,
    );
  /** Sweeps until nothing more is due. */
  const sweepAll = async () => {
    let total = 0;
    for (;;) {
      const pass = await sweepExpiredMedia(
        { db: database.db, storage },
        { before: cutoff(), batchSize: 50 },
      );
      total += pass.deleted;
      if (pass.deleted < 50) return total;
    }
  };

  it('deletes media past retention, record and object, and keeps recent ones', async () => {
    const old = await storedMedia(91);
    const recent = await storedMedia(10);
    expect(await sweepAll()).toBeGreaterThanOrEqual(1);
    expect([await recorded(old.id), await stored(old.key)]).toEqual([false, false]);
    expect([await recorded(recent.id), await stored(recent.key)]).toEqual([true, true]);
  });

  it('never deletes a file an unsettled message names, however old; does once it is settled', async () => {
    const queued = await storedMedia(0);
    const sending = await storedMedia(0);
    const mms = (attachments: string[]) =>
      sendOne(
        { db: database.db, partitions: 16 },
        smsCommand(tenantId, { type: 'mms', to: '+15550004001', attachments }),
      );
    const first = await mms([queued.id]);
    // A client may write the id in capitals.
    const second = await mms([sending.id.toUpperCase()]);
    await database.db
      .updateTable('messages')
      .set({ status: 'sending' })
      .where('id', '=', second.id)
      .execute();
    // Sending named them (used now): age them past retention anyway.
    await age(queued.id, 200);
    await age(sending.id, 200);

    await sweepAll();
    expect([await recorded(queued.id), await stored(queued.key)]).toEqual([true, true]);
    expect([await recorded(sending.id), await stored(sending.key)]).toEqual([true, true]);

    await database.db
      .updateTable('messages')
      .set({ status: 'sent' })
      .where('id', 'in', [first.id, second.id])
      .execute();
    await sweepAll();
    expect([await recorded(queued.id), await stored(queued.key)]).toEqual([false, false]);
    expect([await recorded(sending.id), await stored(sending.key)]).toEqual([false, false]);
  });

  it('counts a file named in a send or uploaded again as used now', async () => {
    const named = await storedMedia(120);
    const message = await sendOne(
      { db: database.db, partitions: 16 },
      smsCommand(tenantId, { type: 'mms', to: '+15550004002', attachments: [named.id] }),
    );
    await database.db
      .updateTable('messages')
      .set({ status: 'sent' })
      .where('id', '=', message.id)
      .execute();
    const again = await storedMedia(120);
    const row = await database.db
      .selectFrom('media')
      .selectAll()
      .where('id', '=', again.id)
      .executeTakeFirstOrThrow();
    const reupload = await recordMediaRow(database.db, {
      tenant_id: tenantId,
      id: randomUUID(),
      sha256: row.sha256,
      size: Number(row.size),
      content_type: row.content_type,
      original_name: 'again.png',
      source: 'upload',
      scan_status: 'clean',
      scan_signature: null,
      storage_key: `${tenantId}/unused`,
    });
    expect(reupload).toMatchObject({ created: false, row: { id: again.id } });

    await sweepAll();
    expect(await recorded(named.id)).toBe(true);
    expect(await recorded(again.id)).toBe(true);
  });

  it('keeps the record when storage will not delete the object, for the next pass', async () => {
    const old = await storedMedia(100);
    const refusing = { delete: () => Promise.reject(new Error('storage is down')) };
    const pass = await sweepExpiredMedia(
      { db: database.db, storage: refusing },
      { before: cutoff(), batchSize: 1000 },
    );
    expect(pass.deleted).toBe(0);
    expect(pass.kept).toBeGreaterThanOrEqual(1);
    expect([await recorded(old.id), await stored(old.key)]).toEqual([true, true]);
    await sweepAll();
    expect(await recorded(old.id)).toBe(false);
  });

  it('shares the work between replicas: each file is deleted by exactly one sweep', async () => {
    const files = await Promise.all(Array.from({ length: 12 }, () => storedMedia(95)));
    const sweep = async () => {
      let mine = 0;
      for (;;) {
        const pass = await sweepExpiredMedia(
          { db: database.db, storage },
          { before: cutoff(), batchSize: 2 },
        );
        mine += pass.deleted;
        if (pass.deleted === 0) return mine;
      }
    };
    const [a, b, c] = await Promise.all([sweep(), sweep(), sweep()]);
    expect(a! + b! + c!).toBeGreaterThanOrEqual(files.length);
    for (const f of files) expect(await recorded(f.id)).toBe(false);
  });
});
