// A composition root like an app's, for the process tests in boot-service.spec.ts: its start and
// stop behave as FIXTURE_* says, and it reports what it did on stdout.
import { z } from 'zod';
import { baseEnv, natsEnv, positiveInt, postgresEnv, redisEnv } from '@switchboard/config';
import { bootService, closeRedis } from '../src';

const fixtureConfigSchema = z.object({
  ...baseEnv.shape,
  ...postgresEnv.shape,
  ...natsEnv.shape,
  ...redisEnv.shape,
  FIXTURE_CONNECT: z.enum(['none', 'all']).default('none'),
  FIXTURE_START: z.enum(['ok', 'fail']).default('ok'),
  FIXTURE_STOP_MS: positiveInt(1),
});

void bootService({
  name: 'boot-fixture',
  configSchema: fixtureConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, connectNats, openDatabase, openRedis }) => {
    const connections =
      config.FIXTURE_CONNECT === 'all'
        ? { nats: await connectNats(), database: openDatabase(), redis: openRedis() }
        : undefined;
    // What a server's socket would be: a handle that keeps the process running until stopped.
    let working: NodeJS.Timeout | undefined;
    return {
      async start() {
        if (config.FIXTURE_START === 'fail') throw new Error('the fixture refuses to start');
        if (connections) {
          await connections.nats.ping();
          await connections.database.ping();
          await connections.redis.ping();
          const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
          log.info({ metrics: names }, 'fixture connected');
        }
        working = setInterval(() => undefined, 60_000);
        log.info('fixture started');
      },
      async stop() {
        log.info('fixture stop begins');
        await new Promise((resolve) => setTimeout(resolve, config.FIXTURE_STOP_MS));
        if (connections) {
          await connections.nats.close();
          await connections.database.close();
          await closeRedis(connections.redis);
        }
        clearInterval(working);
        log.info('fixture stop ends');
      },
    };
  },
});
