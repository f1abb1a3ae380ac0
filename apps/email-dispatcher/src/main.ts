import { loadConfig, providerBaseUrl } from '@switchboard/config';
import { createDispatcherService } from '@switchboard/dispatch';
import { connectNats } from '@switchboard/messaging';
import { createLogger, createMetrics, runService } from '@switchboard/observability';
import { classifyFailure, createSendGridEmailProvider } from '@switchboard/providers';
import { emailDispatcherConfigSchema } from './config';
import { sendEmail } from './send-email';

const SERVICE = 'email-dispatcher';

async function main() {
  const config = loadConfig(emailDispatcherConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const baseUrl = providerBaseUrl(config.SENDGRID_BASE_URL, config.ENVIRONMENT);
  const sendgrid = createSendGridEmailProvider({
    apiKey: config.SENDGRID_API_KEY,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}),
  });
  const nats = await connectNats({ url: config.NATS_URL, name: SERVICE });
  const service = createDispatcherService({
    name: SERVICE,
    channel: 'email',
    port: config.EMAIL_DISPATCHER_PORT,
    config,
    log,
    metrics: createMetrics(SERVICE),
    nats,
    send: (command) => sendEmail(sendgrid, command),
    classify: (err) => classifyFailure(err, sendgrid.name),
  });
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
