import { randomUUID } from 'node:crypto';
import { createDb, migrateToLatest, type Db } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import { createSenderPacing, parsePacingRules } from '../src/sender-pacing';

describe('sender pacing (PostgreSQL)', () => {
  let database: Db;
  beforeAll(async () => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    await migrateToLatest(database.db);
  });
  afterAll(() => database.close());

  it('gives a paced sender one slot per interval, in reservation order, and leaves others alone', async () => {
    const sender = `+1555${randomUUID().replace(/\D/g, '').slice(0, 7)}`;
    const pacing = createSenderPacing(database.db, parsePacingRules('+1555*=1/5'));
    const waits = [];
    for (let i = 0; i < 4; i += 1) waits.push(await pacing.reserve(sender));
    // Slots 5 s apart (nothing here waits for them): each later reservation waits longer than
    // the one before, however slowly the reservations themselves are answered.
    expect(waits[0]).toBe(0);
    for (let i = 1; i < waits.length; i += 1) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
    expect(waits[3]!).toBeLessThanOrEqual(15_000);
    expect(await pacing.reserve('+4420000000')).toBe(0);
  });
});
