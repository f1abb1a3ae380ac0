import { z } from 'zod';
import {
  DefaultPorts,
  authModeEnv,
  authProductionRules,
  baseEnv,
  csv,
  natsEnv,
  port,
  positiveInt,
  refuseInProduction,
  secretKeyEnv,
  secretKeyProductionRules,
} from '@switchboard/config';
import { resilienceEnv } from './resilience.settings';

export const gatewayConfigSchema = baseEnv
  .extend(natsEnv.shape)
  .extend(resilienceEnv.shape)
  .extend({
    GATEWAY_PORT: port(DefaultPorts.gateway),
    /** Largest JSON body accepted. */
    BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
    /** How long the gateway waits for conversation-service before answering 503. */
    RPC_TIMEOUT_MS: positiveInt(5_000),
    /** Where webhook paths are forwarded when this gateway is the single public entry point. */
    WEBHOOK_INGEST_URL: z.url().default(`http://127.0.0.1:${DefaultPorts.webhookIngest}`),
    /** Region assumed for phone numbers written without a country code. */
    DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
    ...authModeEnv.shape,
    ...secretKeyEnv.shape,
    /** HS256 key for client-signed JWTs (at least 32 characters); JWTs are refused without it or a JWKS. */
    JWT_SECRET: z.string().min(32).optional(),
    /** JWKS of an identity provider signing JWTs with RS256 or ES256. */
    JWT_JWKS_URL: z.url().optional(),
    /**
     * The `iss` of tokens for tenants with no issuer bound (outside production only: there a
     * tenant accepts tokens only from the issuer bound to it with the admin CLI).
     */
    JWT_ISSUER: z.string().optional(),
    /** The `aud` every JWT must carry; required in production when JWTs are accepted. */
    JWT_AUDIENCE: z.string().min(1).optional(),
    /** The JWT claim naming the tenant. */
    JWT_TENANT_CLAIM: z.string().min(1).default('tenant_id'),
    /** How long a verified credential is remembered: a revoked key stops working after at most this. */
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(10_000),
    /** Browser origins allowed to call the API (CORS); none when empty. */
    CORS_ORIGINS: csv(''),
    /** Attachment hosts accepted although local (e.g. provider-sandbox in development). */
    ATTACHMENT_HOST_ALLOWLIST: csv(''),
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [
      ...authProductionRules,
      ...secretKeyProductionRules,
      {
        setting: 'JWT_JWKS_URL',
        unsafe: (c) => c.JWT_JWKS_URL !== undefined && !c.JWT_JWKS_URL.startsWith('https://'),
        fix: 'must be an https URL',
      },
      {
        setting: 'JWT_AUDIENCE',
        unsafe: (c) =>
          (c.JWT_SECRET !== undefined || c.JWT_JWKS_URL !== undefined) && !c.JWT_AUDIENCE,
        fix: 'must be set when JWTs are accepted (JWT_SECRET or JWT_JWKS_URL): tokens minted for another application would do otherwise',
      },
    ]),
  );
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
