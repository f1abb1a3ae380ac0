import { loadConfig } from '@switchboard/config';
import { connectNats } from '@switchboard/messaging';
import { createLogger, createMetrics, runService } from '@switchboard/observability';
import { gatewayConfigSchema } from './config';
import { createGateway } from './gateway';

const SERVICE = 'gateway';

async function main() {
  const config = loadConfig(gatewayConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const nats = await connectNats({ url: config.NATS_URL, name: SERVICE });
  const service = createGateway({ config, log, metrics: createMetrics(SERVICE), nats });
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
