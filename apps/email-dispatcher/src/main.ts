import './tracing';
import { databaseUrl, loadConfig, natsClientSettings, providerBaseUrl } from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { createDispatcherService } from '@switchboard/dispatch';
import { connectNats, observeNats } from '@switchboard/messaging';
import { createLogger, createMetrics, observePgPool, runService } from '@switchboard/observability';
import { createSendGridEmailProvider, createSmtpEmailProvider } from '@switchboard/providers';
import { senderRefusal, sendersMustBeClaimed } from '@switchboard/tenancy';
import { emailDispatcherConfigSchema } from './config';
import { emailDispatchProvider, type SenderCheck } from './send-email';

const SERVICE = 'email-dispatcher';

async function main() {
  const config = loadConfig(emailDispatcherConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const timeoutMs = config.PROVIDER_TIMEOUT_MS;
  const sendgridUrl = providerBaseUrl(config.SENDGRID_BASE_URL, config.ENVIRONMENT);
  const smtp = config.EMAIL_PROVIDERS.includes('smtp')
    ? createSmtpEmailProvider({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        user: config.SMTP_USER,
        password: config.SMTP_PASSWORD,
        secure: config.SMTP_SECURE,
        requireTLS: config.SMTP_REQUIRE_TLS,
        timeoutMs,
      })
    : undefined;
  const database = createDb({ url: databaseUrl(config), poolMax: config.POSTGRES_POOL_MAX });
  const mustBeClaimed = sendersMustBeClaimed(config);
  const checkSender: SenderCheck = (command) =>
    senderRefusal(database.db, { tenantId: command.tenant_id, from: command.from, mustBeClaimed });
  const providers = config.EMAIL_PROVIDERS.map((name) =>
    emailDispatchProvider(
      name === 'smtp'
        ? smtp!
        : createSendGridEmailProvider({
            apiKey: config.SENDGRID_API_KEY,
            timeoutMs,
            ...(sendgridUrl ? { baseUrl: sendgridUrl } : {}),
          }),
      checkSender,
    ),
  );
  const nats = await connectNats({ ...natsClientSettings(config), name: SERVICE });
  const metrics = createMetrics(SERVICE);
  observeNats(nats, metrics.registry);
  observePgPool(metrics.registry, database.pool);
  const dispatcher = createDispatcherService({
    name: SERVICE,
    channel: 'email',
    port: config.EMAIL_DISPATCHER_PORT,
    config,
    log,
    metrics,
    nats,
    database,
    providers,
  });
  const service = {
    start: () => dispatcher.start(),
    async stop() {
      await dispatcher.stop();
      smtp?.close();
    },
  };
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
