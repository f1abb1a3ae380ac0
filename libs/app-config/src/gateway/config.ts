import { isIP } from 'node:net';
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
import { attachmentHostEnv, mediaEnv, mediaProductionRules } from '@switchboard/media';
import { resilienceEnv } from './resilience.settings';

/** The address ranges express's `trust proxy` knows by name. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** One `TRUST_PROXY` entry: a range name, an address, or an address/prefix length. */
function isProxyEntry(entry: string): boolean {
  if ((PROXY_NAMES as readonly string[]).includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export const gatewayConfigSchema = baseEnv
  .extend(natsEnv.shape)
  .extend(resilienceEnv.shape)
  .extend(mediaEnv.shape)
  .extend({
    GATEWAY_PORT: port(DefaultPorts.gateway),
    /** Largest JSON body accepted. */
    BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
    /** How long the gateway waits for conversation-service before answering 503. */
    RPC_TIMEOUT_MS: positiveInt(5_000),
    /**
     * The most requests one replica answers at once (event streams and probes aside); the next
     * gets 503 with `Retry-After: 1` at once instead of waiting behind them. A replica answers
     * about a thousand single sends a second on two cores (docs/BENCHMARKS.md), so 512 waiting
     * is about half a second of work: past it, a request would mostly wait. `0`: no bound.
     */
    HTTP_MAX_IN_FLIGHT: z.coerce.number().int().min(0).default(512),
    /**
     * How long a client has to send a whole request; then it gets 408 and its connection is
     * closed, so a client trickling bytes cannot hold a place under `HTTP_MAX_IN_FLIGHT` for long.
     * The default lets a 20 MiB upload (`MEDIA_MAX_BYTES`) arrive at ~175 KB/s. Headers must
     * arrive within 10 s.
     */
    HTTP_REQUEST_TIMEOUT_MS: positiveInt(120_000),
    /** Where webhook paths are forwarded when this gateway is the single public entry point. */
    WEBHOOK_INGEST_URL: z.url().default(`http://127.0.0.1:${DefaultPorts.webhookIngest}`),
    /** Region assumed for phone numbers written without a country code. */
    DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default('US'),
    /** Event streams (`GET /api/v1/events/stream`) one tenant may hold open at once, across replicas. */
    EVENT_STREAM_MAX_PER_TENANT: positiveInt(5),
    /** How often an open event stream sends a comment line, so proxies and clients see it alive. */
    EVENT_STREAM_HEARTBEAT_MS: positiveInt(15_000),
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
    /**
     * How long a refused credential is remembered, so a flood of one bad key costs one lookup; a
     * key tried before it was issued works after at most this.
     */
    AUTH_NEGATIVE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
    /**
     * Which peers' `X-Forwarded-For` is believed when deriving a client's address (express's
     * `trust proxy`): addresses/CIDRs or names (`loopback`, `linklocal`, `uniquelocal`), a hop
     * count, or `false` to use the socket's peer. The client address is the nearest untrusted
     * hop, so only addresses of your own proxies (the Ingress controller) belong here.
     */
    TRUST_PROXY: z
      .string()
      .default('loopback, linklocal, uniquelocal')
      .transform((value, ctx): boolean | number | string => {
        const v = value.trim().toLowerCase();
        if (v === 'false' || v === 'none') return false;
        if (v === 'true') return true;
        if (/^\d+$/.test(v)) return Number(v);
        const wrong = value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => !isProxyEntry(entry));
        if (wrong.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `not an address, CIDR or one of ${PROXY_NAMES.join(', ')}: ${wrong.map((w) => JSON.stringify(w)).join(', ')}`,
          });
          return z.NEVER;
        }
        return value;
      }),
    /** Browser origins allowed to call the API (CORS); none when empty. */
    CORS_ORIGINS: csv(''),
    /** Attachment hosts accepted although local (e.g. a server on the developer's machine). */
    ...attachmentHostEnv.shape,
    /**
     * The operator console's built files (`vite build` of apps/console), served at `/console/`;
     * relative to the working directory. Without them `/console/` answers 404.
     */
    CONSOLE_DIR: z.string().min(1).default('dist/console'),
  })
  .superRefine((config, ctx) =>
    refuseInProduction(config, ctx, [
      ...authProductionRules,
      ...mediaProductionRules,
      ...secretKeyProductionRules,
      {
        setting: 'TRUST_PROXY',
        unsafe: (c) => c.TRUST_PROXY === true,
        fix: 'must name your proxies (addresses, CIDRs or a hop count), not `true`: trusting every peer lets any client choose its address',
      },
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
