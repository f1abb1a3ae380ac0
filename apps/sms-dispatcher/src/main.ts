import './tracing';
import { createDispatcherService } from '@switchboard/dispatch';
import { smsChannelSenders } from '@switchboard/providers';
import { dispatchMedia } from '@switchboard/media';
import { bootService } from '@switchboard/service';
import {
  consentCheck,
  quietHoursHold,
  senderCheck,
  sendersMustBeClaimed,
} from '@switchboard/tenancy';
import { smsDispatcherConfigSchema } from '@switchboard/app-config/sms-dispatcher';

void bootService({
  name: 'sms-dispatcher',
  configSchema: smsDispatcherConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) => {
    const database = openDatabase();
    const checkSender = senderCheck(database.db, sendersMustBeClaimed(config));
    const checkConsent = consentCheck(database.db);
    const nats = await connectNats();
    const media = dispatchMedia(config, database.db, metrics);
    return createDispatcherService({
      name: 'sms-dispatcher',
      channel: 'sms',
      port: config.SMS_DISPATCHER_PORT,
      config,
      log,
      metrics,
      nats,
      database,
      providers: smsChannelSenders(config),
      checks: { checkSender, checkConsent },
      // Marketing texts wait out the tenant's quiet hours in the recipient's local time.
      hold: quietHoursHold(database.db),
      attachments: media.resolver,
      readiness: media.checks,
    });
  },
});
