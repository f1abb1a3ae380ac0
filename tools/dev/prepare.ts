/**
 * Prepares the local stack's state: creates the database when missing, runs migrations and
 * provisions the JetStream streams. Reads the same settings as the services.
 */
import { z } from 'zod';
import {
  baseEnv,
  databaseUrl,
  loadConfig,
  natsClientSettings,
  natsEnv,
  postgresEnv,
} from '@switchboard/config';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest } from '@switchboard/db';
import { connectNats, ensureStreams } from '@switchboard/messaging';

const schema = z.object({
  ...baseEnv.pick({ ENVIRONMENT: true }).shape,
  ...postgresEnv.shape,
  ...natsEnv.shape,
});

async function main() {
  const config = loadConfig(schema, process.env);
  const url = databaseUrl(config);
  // `--fresh` (the test run) starts from an empty database, so every run sees only its own data.
  if (process.argv.includes('--fresh')) await dropDatabase(url);
  const created = await ensureDatabase(url);
  const database = createDb({ url, poolMax: 2 });
  try {
    const result = await migrateToLatest(database.db);
    const applied =
      result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    const name = new URL(url).pathname.slice(1);
    console.log(
      `database ${name}: ${created ? 'created, ' : ''}${applied.length ? `migrated (${applied.join(', ')})` : 'up to date'}`,
    );
  } finally {
    await database.close();
  }
  // Provisioning streams is the admin user's privilege (NATS_PERMISSIONS): the migrate job and
  // `npm run setup` connect with its credentials; the services may only read stream state.
  const nats = await connectNats({ ...natsClientSettings(config), name: 'prepare' });
  try {
    await ensureStreams(nats.jsm, undefined, config.NATS_STREAM_REPLICAS);
    console.log('jetstream: streams ready');
  } finally {
    await nats.close();
  }
}

main().catch((err: unknown) => {
  console.error(`prepare failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
