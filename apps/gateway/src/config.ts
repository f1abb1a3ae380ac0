import { z } from 'zod';
import { DefaultPorts, baseEnv, natsEnv, port, positiveInt } from '@switchboard/config';

export const gatewayConfigSchema = baseEnv.extend(natsEnv.shape).extend({
  GATEWAY_PORT: port(DefaultPorts.gateway),
  /** Largest JSON body accepted. */
  BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
  /** How long the gateway waits for conversation-service before answering 503. */
  RPC_TIMEOUT_MS: positiveInt(5_000),
  /** Where webhook paths are forwarded when this gateway is the single public entry point. */
  WEBHOOK_INGEST_URL: z.url().default(`http://127.0.0.1:${DefaultPorts.webhookIngest}`),
  /** Region assumed for phone numbers written without a country code. */
  DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
});
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
