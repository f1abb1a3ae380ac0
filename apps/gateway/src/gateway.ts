import type { Express } from 'express';
import { authModeOf } from '@switchboard/config';
import { DEVELOPMENT_TENANT, RpcContracts } from '@switchboard/contracts';
import { callRpc, type Nats } from '@switchboard/messaging';
import { createHttpService, degradable, jsonBodyParser, securityHeaders } from '@switchboard/http';
import type { Logger, Service, ServiceMetrics } from '@switchboard/observability';
import { authentication, principalOf } from './auth/auth.middleware';
import { createAuthenticator } from './auth/authenticator';
import { createJwtVerifier } from './auth/jwt-verifier';
import type { GatewayConfig } from '@switchboard/app-config/gateway';
import { consoleRouter } from './console/console-static';
import { corsPolicy } from './cors-policy';
import type { GatewayContext } from './gateway-context';
import { apiRoutes, gatewayOpenApiDocument } from './gateway-routes';
import { docsRouter } from './openapi/docs.routes';
import { webhookProxy } from './webhook-proxy';
import { idempotency } from './idempotency/idempotency.middleware';
import { RedisIdempotencyStore } from './idempotency/idempotency-store';
import { limitAuthFailures } from './rate-limit/auth-failure-limiter';
import { chargeMore, rateLimiter } from './rate-limit/rate-limiter.middleware';
import { rateLimitSubject } from './rate-limit/rate-limit-subject';
import { closeRedis, type Redis } from '@switchboard/service';
import type { MalwareScanner, MediaStorage } from '@switchboard/media';
import { SIGNED_CONTENT_PATH, signedMediaContent } from './media/media-content';
import { MEDIA_UPLOAD_PATH } from './routes/media.routes';
import { BATCH_PATH, batchBodyParser, batchSizeOf } from './routes/send-batch-envelope';
import { routerOf } from './routing/mount-routes';
import { createEventStreams } from './event-stream/event-streams';
import { isEventStream } from './routes/event-stream.routes';
import { createProviderHealthBoard } from './provider-health/provider-health-board';

/** The tenant requests without credentials act as when auth is optional (development). */
export { DEVELOPMENT_TENANT };

export interface GatewayDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: ServiceMetrics;
  nats: Nats;
  /** Rate limits and idempotency keys; the gateway serves on (without them) while it is down. */
  redis: Redis;
  /** Object storage for media, and the scanner uploads go through. */
  storage: MediaStorage;
  scanner: MalwareScanner;
}

export interface Gateway extends Service {
  port(): number;
  /** The express app: lets tests serve it without the gateway's own listener. */
  app: Express;
}

/** gateway: the public client API. */
export function createGateway(deps: GatewayDeps): Gateway {
  const { config, log, metrics, nats, redis, storage, scanner } = deps;
  let boundPort = 0;

  const call: GatewayContext['call'] = (contract, payload) =>
    callRpc(nats.requests, contract, payload, { timeoutMs: config.RPC_TIMEOUT_MS });
  const eventStreams = createEventStreams({
    nats,
    redis,
    log,
    metrics,
    maxPerTenant: config.EVENT_STREAM_MAX_PER_TENANT,
    heartbeatMs: config.EVENT_STREAM_HEARTBEAT_MS,
  });
  const providerHealth = createProviderHealthBoard({ nc: nats.nc, log });
  const ctx: GatewayContext = {
    tenantOf: (req) => principalOf(req).tenant_id,
    principalOf,
    call,
    defaultCountry: config.DEFAULT_COUNTRY,
    attachmentHostAllowlist: config.ATTACHMENT_HOST_ALLOWLIST,
    eventStreams,
    providerHealth,
    media: {
      storage,
      scanner,
      maxBytes: config.MEDIA_MAX_BYTES,
      urlSecret: config.MEDIA_URL_SECRET,
    },
    log,
  };
  const authenticate = createAuthenticator({
    mode: authModeOf(config),
    secretKey: config.SECRET_KEY,
    verifyJwt: createJwtVerifier({
      secret: config.JWT_SECRET,
      jwksUrl: config.JWT_JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      tenantClaim: config.JWT_TENANT_CLAIM,
      production: config.ENVIRONMENT === 'production',
    }),
    source: {
      byApiKey: (prefix, hash) => call(RpcContracts.authenticateApiKey, { prefix, hash }),
      byTenant: (tenantId) => call(RpcContracts.getTenant, { tenant_id: tenantId }),
    },
    cacheTtlMs: config.AUTH_CACHE_TTL_MS,
    negativeCacheTtlMs: config.AUTH_NEGATIVE_CACHE_TTL_MS,
  });
  const cors = corsPolicy(config.CORS_ORIGINS);

  const http = createHttpService({
    log,
    metrics,
    // Event streams stay open by design and have their own per-tenant limit.
    inFlight: { max: config.HTTP_MAX_IN_FLIGHT, exempt: isEventStream },
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    // Without Redis the gateway keeps serving (local rate limits; keyed sends answer 503).
    // Without object storage or clamd only media fail (uploads are held `pending` without clamd).
    checks: {
      nats: () => nats.ping(),
      redis: degradable(() => redis.ping()),
      storage: degradable(async () => {
        if (!(await storage.ping())) throw new Error('object storage does not answer');
      }),
      clamd: degradable(async () => {
        if (!(await scanner.ping())) throw new Error('clamd does not answer');
      }),
    },
    routes: (app) => {
      // The client address (failed-authentication limits, anonymous development budgets) is the
      // nearest hop not in TRUST_PROXY: behind an Ingress, the address its controller forwards.
      app.set('trust proxy', config.TRUST_PROXY);
      app.use(securityHeaders());
      // Webhooks pass through byte for byte: their signatures cover the raw body.
      const toIngest = webhookProxy(config.WEBHOOK_INGEST_URL, log);
      app.all('/api/v1/webhooks/{*path}', toIngest);
      app.all('/api/webhooks/{*path}', toIngest);
      // Browsers' preflights are answered before authentication: they carry no credentials.
      if (cors) app.use('/api', cors);
      app.use(docsRouter(gatewayOpenApiDocument()));
      // The operator console: static files, a client of the API below like any other.
      app.use(consoleRouter(config.CONSOLE_DIR));
      // A signed media URL is its own proof of access (providers fetch MMS media with it).
      app.get(SIGNED_CONTENT_PATH, signedMediaContent(ctx));
      // Everything under /api but the docs and webhooks (their own proof of origin) is authenticated;
      // an address that keeps failing is refused before its credentials are even looked at.
      app.use(
        '/api',
        limitAuthFailures(authentication(authenticate), {
          enabled: config.RATE_LIMIT_ENABLED,
          redis,
          budget: { requests: config.AUTH_FAILURES_PER_IP, periodS: config.AUTH_FAILURE_WINDOW_S },
          cacheMs: config.AUTH_FAILURE_CACHE_MS,
          metrics,
          log,
        }),
      );
      // After authentication: a request is charged to its tenant.
      app.use(
        '/api',
        rateLimiter({
          enabled: config.RATE_LIMIT_ENABLED,
          redis,
          defaults: { requests: config.RATE_LIMIT_REQUESTS, periodS: config.RATE_LIMIT_PERIOD },
          overrides: config.RATE_LIMIT_OVERRIDES,
          localBlockMax: config.RATE_LIMIT_LOCAL_BLOCK_MAX,
          subjectOf: (req) => rateLimitSubject(req, ctx.tenantOf(req), DEVELOPMENT_TENANT),
          metrics,
          log,
        }),
      );
      // A bulk send takes a larger body than any other route; the parser below then skips it.
      app.use(BATCH_PATH, batchBodyParser());
      // A bulk send costs one point per message: the rate limiter charged the first.
      app.use(
        BATCH_PATH,
        chargeMore((req) => batchSizeOf(req) - 1),
      );
      // An upload's body is the file itself, streamed by its route: never parsed here.
      const parseJson = jsonBodyParser({ limit: config.BODY_LIMIT_BYTES });
      app.use((req, res, next) =>
        req.method === 'POST' && req.path === MEDIA_UPLOAD_PATH
          ? next()
          : parseJson(req, res, next),
      );
      app.use(
        idempotency({
          store: new RedisIdempotencyStore({ redis, ttlS: config.IDEMPOTENCY_TTL_S }),
          tenantOf: (req) => ctx.tenantOf(req),
          metrics,
          log,
        }),
      );
      // Every route of the client API, from its table (gateway-routes.ts): the document says the same.
      app.use(routerOf(apiRoutes, ctx));
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
      // Open event streams end first (their clients reconnect elsewhere with Last-Event-ID):
      // the server's close waits for every open connection.
      await eventStreams.close();
      providerHealth.close();
      await http.close(config.SHUTDOWN_TIMEOUT_MS / 2);
      await nats.close();
      await closeRedis(redis);
      storage.close();
    },
  };
}
