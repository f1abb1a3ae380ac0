import express, { type Express } from 'express';
import { callRpc, type Nats } from '@switchboard/messaging';
import { createHttpService } from '@switchboard/http';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './gateway-context';
import { docsRouter } from './openapi/docs.routes';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { webhookProxy } from './webhook-proxy';
import { conversationsRouter } from './routes/conversations.routes';
import { compatMessagesRouter, messagesRouter } from './routes/messages.routes';

/** The tenant every request acts as until API keys are configured. */
export const DEVELOPMENT_TENANT = 'development';

export interface GatewayDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: ServiceMetrics;
  nats: Nats;
}

export interface Gateway extends Service {
  port(): number;
  /** The express app: lets tests list the routes it serves without listening. */
  app: Express;
}

/** gateway: the public client API. */
export function createGateway(deps: GatewayDeps): Gateway {
  const { config, log, metrics, nats } = deps;
  let boundPort = 0;

  const ctx: GatewayContext = {
    tenantOf: () => DEVELOPMENT_TENANT,
    call: (subject, payload) =>
      callRpc(nats.nc, subject, payload, { timeoutMs: config.RPC_TIMEOUT_MS }),
    defaultCountry: config.DEFAULT_COUNTRY,
  };

  const http = createHttpService({
    log,
    metrics,
    checks: { nats: () => nats.ping() },
    routes: (app) => {
      // Webhooks pass through byte for byte: their signatures cover the raw body.
      const toIngest = webhookProxy(config.WEBHOOK_INGEST_URL, log);
      app.all('/api/v1/webhooks/{*path}', toIngest);
      app.all('/api/webhooks/{*path}', toIngest);
      app.use(express.json({ limit: config.BODY_LIMIT_BYTES, strict: true }));
      app.use('/api/v1/messages', messagesRouter(ctx));
      app.use('/api/v1/conversations', conversationsRouter(ctx));
      app.use('/api/messages', compatMessagesRouter(ctx));
      app.use('/api/conversations', conversationsRouter(ctx));
      app.use('/api/v1', docsRouter(buildOpenApiDocument()));
    },
  });

  return {
    app: http.app,
    port: () => boundPort,
    async start() {
      const address = await http.listen(config.GATEWAY_PORT, config.HOST);
      boundPort = address.port;
      log.info({ port: boundPort }, 'gateway ready');
    },
    async stop() {
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
    },
  };
}
