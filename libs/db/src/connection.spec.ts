import { databaseUrl, loadConfig, postgresEnv } from '@switchboard/config';
import { sql } from 'kysely';
import { createDb } from './connection';

describe('createDb sessions (PostgreSQL)', () => {
  const database = createDb({
    url: databaseUrl(loadConfig(postgresEnv, process.env)),
    poolMax: 1,
    statementTimeoutMs: 7_000,
  });
  afterAll(() => database.close());

  it('run without JIT and with the statement timeout asked for', async () => {
    const { rows } = await sql<{ jit: string; timeout: string }>`
      select current_setting('jit') as jit, current_setting('statement_timeout') as timeout`.execute(
      database.db,
    );
    expect(rows).toEqual([{ jit: 'off', timeout: '7s' }]);
  });

  it('read timestamptz as the instant PostgreSQL holds', async () => {
    const { rows } = await sql<{ at: Date; epoch_ms: string }>`
      select '2026-12-07 17:51:30.433+05:30'::timestamptz as at,
             (extract(epoch from '2026-12-07 17:51:30.433+05:30'::timestamptz) * 1000)::bigint::text as epoch_ms`.execute(
      database.db,
    );
    expect(rows[0]!.at).toEqual(new Date('2026-12-07T12:21:30.433Z'));
    expect(rows[0]!.at.getTime()).toBe(Number(rows[0]!.epoch_ms));
  });
});
