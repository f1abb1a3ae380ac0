/**
 * The admin CLI: tenants, API keys, rate limits and address ownership, straight in the database.
 * Run it where the services' settings are (DATABASE_URL or POSTGRES_*, and the gateway's
 * SECRET_KEY, and JWT_SECRET for `jwt-secret`): `npm run admin -- help`.
 */
import { z } from 'zod';
import {
  baseEnv,
  databaseUrl,
  loadConfig,
  postgresEnv,
  refuseInProduction,
  secretKeyEnv,
  secretKeyProductionRules,
} from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { describeFailure, runAdminCommand } from './admin-commands';

const schema = baseEnv
  .extend(postgresEnv.shape)
  .extend(secretKeyEnv.shape)
  .extend({
    DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
    /** The gateway's HS256 secret: `jwt-secret` derives a tenant's own key from it. */
    JWT_SECRET: z.string().min(32).optional(),
  })
  .superRefine((config, ctx) => refuseInProduction(config, ctx, secretKeyProductionRules));

async function main(): Promise<number> {
  const config = loadConfig(schema, process.env);
  const database = createDb({ url: databaseUrl(config), poolMax: 1 });
  try {
    return await runAdminCommand(process.argv.slice(2), {
      db: database.db,
      secretKey: config.SECRET_KEY,
      jwtSecret: config.JWT_SECRET,
      requireHttps: config.ENVIRONMENT === 'production',
      defaultCountry: config.DEFAULT_COUNTRY,
      out: (line) => console.log(line),
    });
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { message, exitCode } = describeFailure(err);
    console.error(message);
    process.exit(exitCode);
  },
);
