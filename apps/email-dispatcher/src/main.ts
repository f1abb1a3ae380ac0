import './tracing';
import { createDispatcherService } from '@switchboard/dispatch';
import { emailChannelSenders } from '@switchboard/providers';
import { dispatchMedia } from '@switchboard/media';
import { bootService } from '@switchboard/service';
import {
  consentCheck,
  senderCheck,
  sendersMustBeClaimed,
  unsubscribeLinks,
} from '@switchboard/tenancy';
import { emailDispatcherConfigSchema } from '@switchboard/app-config/email-dispatcher';

void bootService({
  name: 'email-dispatcher',
  configSchema: emailDispatcherConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) => {
    const database = openDatabase();
    const checkSender = senderCheck(database.db, sendersMustBeClaimed(config));
    const checkConsent = consentCheck(database.db);
    const nats = await connectNats();
    const media = dispatchMedia(config, database.db, metrics);
    // The dispatcher closes its providers (the SMTP pool) when it stops.
    return createDispatcherService({
      name: 'email-dispatcher',
      channel: 'email',
      port: config.EMAIL_DISPATCHER_PORT,
      config,
      log,
      metrics,
      nats,
      database,
      providers: emailChannelSenders(config, {
        unsubscribeLinks: unsubscribeLinks({
          secret: config.UNSUBSCRIBE_SECRET,
          publicBaseUrl: config.PUBLIC_BASE_URL,
          mailbox: config.UNSUBSCRIBE_MAILTO,
        }),
      }),
      checks: { checkSender, checkConsent },
      attachments: media.resolver,
      readiness: media.checks,
    });
  },
});
