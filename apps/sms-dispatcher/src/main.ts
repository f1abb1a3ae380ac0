import './tracing';
import { databaseUrl, loadConfig, natsClientSettings, providerBaseUrl } from '@switchboard/config';
import { createDb } from '@switchboard/db';
import { createDispatcherService } from '@switchboard/dispatch';
import { connectNats, observeNats } from '@switchboard/messaging';
import { createLogger, createMetrics, observePgPool, runService } from '@switchboard/observability';
import {
  createTelnyxSmsProvider,
  createTwilioSmsProvider,
  type SmsProvider,
} from '@switchboard/providers';
import { smsDispatcherConfigSchema, type SmsDispatcherConfig } from './config';
import { smsDispatchProvider, type SenderCheck } from './send-sms';
import { senderRefusal, sendersMustBeClaimed } from '@switchboard/tenancy';

const SERVICE = 'sms-dispatcher';

function buildProvider(
  name: SmsDispatcherConfig['SMS_PROVIDERS'][number],
  config: Readonly<
    Pick<
      SmsDispatcherConfig,
      | 'ENVIRONMENT'
      | 'PROVIDER_TIMEOUT_MS'
      | 'TWILIO_BASE_URL'
      | 'TWILIO_ACCOUNT_SID'
      | 'TWILIO_AUTH_TOKEN'
      | 'TELNYX_BASE_URL'
      | 'TELNYX_API_KEY'
    >
  >,
): SmsProvider {
  const timeoutMs = config.PROVIDER_TIMEOUT_MS;
  if (name === 'twilio') {
    const baseUrl = providerBaseUrl(config.TWILIO_BASE_URL, config.ENVIRONMENT);
    return createTwilioSmsProvider({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      timeoutMs,
      ...(baseUrl ? { baseUrl } : {}),
    });
  }
  const baseUrl = providerBaseUrl(config.TELNYX_BASE_URL, config.ENVIRONMENT);
  return createTelnyxSmsProvider({
    apiKey: config.TELNYX_API_KEY,
    timeoutMs,
    ...(baseUrl ? { baseUrl } : {}),
  });
}

async function main() {
  const config = loadConfig(smsDispatcherConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const statusCallbackUrl = config.STATUS_CALLBACKS
    ? (config.TWILIO_STATUS_CALLBACK_URL ??
      `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/webhooks/twilio`)
    : undefined;
  const database = createDb({ url: databaseUrl(config), poolMax: config.POSTGRES_POOL_MAX });
  const mustBeClaimed = sendersMustBeClaimed(config);
  const checkSender: SenderCheck = (command) =>
    senderRefusal(database.db, { tenantId: command.tenant_id, from: command.from, mustBeClaimed });
  const providers = config.SMS_PROVIDERS.map((name) =>
    // Only Twilio is asked for callbacks: the URL is Twilio's webhook.
    smsDispatchProvider(
      buildProvider(name, config),
      name === 'twilio' ? statusCallbackUrl : undefined,
      checkSender,
    ),
  );
  const nats = await connectNats({ ...natsClientSettings(config), name: SERVICE });
  const metrics = createMetrics(SERVICE);
  observeNats(nats, metrics.registry);
  observePgPool(metrics.registry, database.pool);
  const service = createDispatcherService({
    name: SERVICE,
    channel: 'sms',
    port: config.SMS_DISPATCHER_PORT,
    config,
    log,
    metrics,
    nats,
    database,
    providers,
  });
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
