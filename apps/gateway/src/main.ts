import './tracing';
import { bootService } from '@switchboard/service';
import { gatewayConfigSchema } from '@switchboard/app-config/gateway';
import { openMedia } from '@switchboard/media';
import { createGateway } from './gateway';

void bootService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  env: process.env,
  build: async ({ config, log, metrics, connectNats, openRedis }) => {
    const nats = await connectNats();
    return createGateway({
      config,
      log,
      metrics,
      nats,
      redis: openRedis(),
      ...openMedia(config),
    });
  },
});
