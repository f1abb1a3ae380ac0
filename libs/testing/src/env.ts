import { z } from 'zod';
import { databaseUrl, loadConfig, natsEnv, postgresEnv } from '@switchboard/config';

const schema = z.object({ ...postgresEnv.shape, ...natsEnv.shape });

/** Connection settings for tests: the test database `npm test` prepared, and the local NATS. */
export function testEnv(env: Readonly<Record<string, string | undefined>> = process.env) {
  const config = loadConfig(schema, { POSTGRES_DB: 'switchboard_test', ...env });
  return {
    databaseUrl: databaseUrl(config),
    natsUrl: config.NATS_URL,
    partitions: config.PARTITIONS,
  };
}
