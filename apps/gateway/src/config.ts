import { z } from 'zod';
import { DefaultPorts, baseEnv, natsEnv, port, positiveInt } from '@switchboard/config';

export const gatewayConfigSchema = baseEnv.extend(natsEnv.shape).extend({
  GATEWAY_PORT: port(DefaultPorts.gateway),
  /** Largest JSON body accepted. */
  BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
  /** How long the gateway waits for conversation-service before answering 503. */
  RPC_TIMEOUT_MS: positiveInt(5_000),
  /** Region assumed for phone numbers written without a country code. */
  DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
});
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
