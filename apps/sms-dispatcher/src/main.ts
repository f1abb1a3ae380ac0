import { loadConfig, providerBaseUrl } from '@switchboard/config';
import { createDispatcherService } from '@switchboard/dispatch';
import { connectNats } from '@switchboard/messaging';
import { createLogger, createMetrics, runService } from '@switchboard/observability';
import { classifyFailure, createTwilioSmsProvider } from '@switchboard/providers';
import { smsDispatcherConfigSchema } from './config';
import { sendSms } from './send-sms';

const SERVICE = 'sms-dispatcher';

async function main() {
  const config = loadConfig(smsDispatcherConfigSchema, process.env);
  const log = createLogger({
    service: SERVICE,
    level: config.LOG_LEVEL,
    pretty: process.stdout.isTTY,
  });
  const baseUrl = providerBaseUrl(config.TWILIO_BASE_URL, config.ENVIRONMENT);
  const twilio = createTwilioSmsProvider({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    ...(baseUrl ? { baseUrl } : {}),
  });
  const statusCallbackUrl = config.STATUS_CALLBACKS
    ? (config.TWILIO_STATUS_CALLBACK_URL ??
      `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/v1/webhooks/twilio`)
    : undefined;
  const nats = await connectNats({ url: config.NATS_URL, name: SERVICE });
  const service = createDispatcherService({
    name: SERVICE,
    channel: 'sms',
    port: config.SMS_DISPATCHER_PORT,
    config,
    log,
    metrics: createMetrics(SERVICE),
    nats,
    send: (command) => sendSms(twilio, command, statusCallbackUrl),
    classify: (err) => classifyFailure(err, twilio.name),
  });
  await runService({ name: SERVICE, log, service, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
