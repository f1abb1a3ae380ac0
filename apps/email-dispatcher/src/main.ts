import './tracing';
import { providerBaseUrl } from '@switchboard/config';
import { createDispatcherService } from '@switchboard/dispatch';
import { createSendGridEmailProvider, createSmtpEmailProvider } from '@switchboard/providers';
import { bootService } from '@switchboard/service';
import { senderCheck, sendersMustBeClaimed } from '@switchboard/tenancy';
import { emailDispatcherConfigSchema } from './config';
import { emailDispatchProvider } from './send-email';

void bootService({
  name: 'email-dispatcher',
  configSchema: emailDispatcherConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) => {
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
    const database = openDatabase();
    const checkSender = senderCheck(database.db, sendersMustBeClaimed(config));
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
    const nats = await connectNats();
    const dispatcher = createDispatcherService({
      name: 'email-dispatcher',
      channel: 'email',
      port: config.EMAIL_DISPATCHER_PORT,
      config,
      log,
      metrics,
      nats,
      database,
      providers,
    });
    return {
      start: () => dispatcher.start(),
      async stop() {
        await dispatcher.stop();
        smtp?.close();
      },
    };
  },
});
