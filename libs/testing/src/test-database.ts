import { randomBytes } from 'node:crypto';
import { createDb, ensureDatabase, migrateToLatest, sql } from '@switchboard/db';
import { testEnv } from './env';

export interface TestDatabase {
  /** The connection string of the new database. */
  url: string;
  name: string;
  /** Drops the database (disconnecting whoever is still connected). */
  drop(): Promise<void>;
}

/** The same server and credentials as `url`, connected to its `postgres` database. */
function adminUrl(url: string): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

/**
 * A database of a suite's own, migrated, on the test PostgreSQL server (or the one `baseUrl`
 * names). A stack is one deployment: its sweepers re-drive every stuck message and its
 * dispatchers share one ledger, so two stacks on one database — suites run by two people at
 * once, or a suite after one that left messages queued — would send each other's messages.
 *
 * @example
 * const database = await createTestDatabase();
 * const stack = await startStack({ env: { DATABASE_URL: database.url } });
 * // … afterAll: await stack.stop(); await database.drop();
 */
export async function createTestDatabase(
  options: { baseUrl?: string; prefix?: string } = {},
): Promise<TestDatabase> {
  const base = options.baseUrl ?? testEnv().databaseUrl;
  const name = `${options.prefix ?? 'switchboard_test'}_${randomBytes(6).toString('hex')}`;
  const target = new URL(base);
  target.pathname = `/${name}`;
  const url = target.toString();
  await ensureDatabase(url);
  const database = createDb({ url, poolMax: 2 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  return {
    url,
    name,
    async drop() {
      const admin = createDb({ url: adminUrl(base), poolMax: 1 });
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
      } finally {
        await admin.close();
      }
    },
  };
}
