import './tracing';
import { createDispatcherService } from '@switchboard/dispatch';
import { voiceChannelSenders } from '@switchboard/providers';
import { bootService } from '@switchboard/service';
import { consentCheck, senderCheck, sendersMustBeClaimed } from '@switchboard/tenancy';
import { voiceDispatcherConfigSchema } from '@switchboard/app-config/voice-dispatcher';

void bootService({
  name: 'voice-dispatcher',
  configSchema: voiceDispatcherConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) => {
    const database = openDatabase();
    const checkSender = senderCheck(database.db, sendersMustBeClaimed(config));
    const checkConsent = consentCheck(database.db);
    const nats = await connectNats();
    return createDispatcherService({
      name: 'voice-dispatcher',
      channel: 'voice',
      port: config.VOICE_DISPATCHER_PORT,
      config,
      log,
      metrics,
      nats,
      database,
      providers: voiceChannelSenders(config),
      checks: { checkSender, checkConsent },
    });
  },
});
