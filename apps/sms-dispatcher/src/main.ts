import './tracing';
import { providerBaseUrl } from '@switchboard/config';
import { createDispatcherService } from '@switchboard/dispatch';
import {
  createTelnyxSmsProvider,
  createTwilioSmsProvider,
  type SmsProvider,
} from '@switchboard/providers';
import { bootService } from '@switchboard/service';
import { senderCheck, sendersMustBeClaimed } from '@switchboard/tenancy';
import {
  smsDispatcherConfigSchema,
  twilioStatusCallbackUrl,
  type SmsDispatcherConfig,
} from './config';
import { smsDispatchProvider } from './send-sms';

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

void bootService({
  name: 'sms-dispatcher',
  configSchema: smsDispatcherConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) => {
    const statusCallbackUrl = twilioStatusCallbackUrl(config);
    const database = openDatabase();
    const checkSender = senderCheck(database.db, sendersMustBeClaimed(config));
    const providers = config.SMS_PROVIDERS.map((name) =>
      // Only Twilio is asked for callbacks: the URL is Twilio's webhook.
      smsDispatchProvider(
        buildProvider(name, config),
        name === 'twilio' ? statusCallbackUrl : undefined,
        checkSender,
      ),
    );
    const nats = await connectNats();
    return createDispatcherService({
      name: 'sms-dispatcher',
      channel: 'sms',
      port: config.SMS_DISPATCHER_PORT,
      config,
      log,
      metrics,
      nats,
      database,
      providers,
    });
  },
});
