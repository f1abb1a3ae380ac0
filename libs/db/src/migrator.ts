import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001-initial';
import * as m0002 from './migrations/0002-webhook-logs';
import type { Database } from './schema';

/** Every migration, in order. Listed statically so bundled builds carry them. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-webhook-logs': m0002,
};

/** Applies every pending migration; safe to run concurrently (kysely takes a lock). */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
