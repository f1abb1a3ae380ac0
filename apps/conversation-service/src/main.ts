import './tracing';
import { openMedia } from '@switchboard/media';
import { bootService } from '@switchboard/service';
import { conversationServiceConfigSchema } from '@switchboard/app-config/conversation-service';
import { createConversationService } from './conversation-service';

void bootService({
  name: 'conversation-service',
  configSchema: conversationServiceConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, openDatabase, connectNats }) => {
    const database = openDatabase();
    const nats = await connectNats();
    return createConversationService({
      config,
      log,
      metrics,
      database,
      nats,
      ...openMedia(config),
    });
  },
});
