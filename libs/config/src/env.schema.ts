import { z } from 'zod';
import { ConfigError } from './load-config';

export const ENVIRONMENTS = ['development', 'test', 'production'] as const;

/** Default ports of the local stack; one base URL (the gateway) fronts the public API. */
export const DefaultPorts = {
  gateway: 8080,
  conversationService: 8081,
  smsDispatcher: 8082,
  emailDispatcher: 8083,
  webhookIngest: 8084,
  voiceDispatcher: 8085,
  webhookDispatcher: 8086,
  providerSandbox: 4010,
} as const;

/** A TCP port setting (0–65535), `fallback` when unset. */
export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);
/** A yes/no setting: `true`/`false`, `1`/`0` or `yes`/`no`, `fallback` when unset. */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
/** A positive whole-number setting, `fallback` when unset. */
export const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);
/** A comma-separated list setting, `fallback` when unset. */
export const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v): readonly string[] =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

/** Settings every service shares. */
export const baseEnv = z.object({
  /**
   * Secure by default: unset means `production` (its checks refuse every development default).
   * `npm start`, docker-compose, the development overlay and the test stacks choose
   * `development` or `test` explicitly.
   */
  ENVIRONMENT: z.enum(ENVIRONMENTS).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  SHUTDOWN_TIMEOUT_MS: positiveInt(15_000),
});

/** PostgreSQL: `DATABASE_URL`, or the `POSTGRES_*` parts. */
export const postgresEnv = z.object({
  DATABASE_URL: z.string().optional(),
  POSTGRES_HOST: z.string().default('127.0.0.1'),
  POSTGRES_PORT: port(5432),
  POSTGRES_USER: z.string().default('postgres'),
  POSTGRES_PASSWORD: z.string().default(''),
  POSTGRES_DB: z.string().default('switchboard'),
  POSTGRES_POOL_MAX: positiveInt(10),
});
export type PostgresEnv = z.output<typeof postgresEnv>;

/** The connection string the `POSTGRES_*` settings describe, unless `DATABASE_URL` says otherwise. */
export function databaseUrl(env: PostgresEnv): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const auth = env.POSTGRES_PASSWORD
    ? `${encodeURIComponent(env.POSTGRES_USER)}:${encodeURIComponent(env.POSTGRES_PASSWORD)}`
    : encodeURIComponent(env.POSTGRES_USER);
  return `postgres://${auth}@${env.POSTGRES_HOST}:${env.POSTGRES_PORT}/${encodeURIComponent(env.POSTGRES_DB)}`;
}

/** Where NATS is and how work is partitioned over it: every service that uses NATS. */
export const natsEnv = z.object({
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** How many partitions work is spread over; every service must agree. */
  PARTITIONS: z.coerce.number().int().min(1).max(1024).default(16),
  /** Replicas of each JetStream stream: 1 on a single server, 3 on a production cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * This service's NATS user and password (each service has its own, with its own permissions:
   * docs/SECURITY.md). Unset: connect without credentials, as to the local development server.
   */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  /** TLS towards NATS: required when `true` or when any of the files below is set. */
  NATS_TLS: bool(false),
  /** PEM file of the CA that signed the NATS servers' certificates. */
  NATS_TLS_CA: z.string().optional(),
  /** PEM files of this service's client certificate and key, for servers that verify clients. */
  NATS_TLS_CERT: z.string().optional(),
  NATS_TLS_KEY: z.string().optional(),
});
export type NatsEnv = z.output<typeof natsEnv>;

/** How a service connects to NATS, from its `NATS_*` settings (see `connectNats`). */
export interface NatsClientSettings {
  url: string;
  user?: string;
  password?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/**
 * The connection settings `natsEnv` describes. Throws a ConfigError when a user comes without a
 * password (or the reverse), a client certificate without its key, or when production would
 * connect without a user: the shipped NATS servers refuse anonymous clients, and each service
 * must connect as its own user to get its own permissions.
 *
 * @example const nats = await connectNats({ ...natsClientSettings(config), name: 'gateway' });
 */
export function natsClientSettings(
  env: Pick<
    NatsEnv,
    | 'NATS_URL'
    | 'NATS_USER'
    | 'NATS_PASSWORD'
    | 'NATS_TLS'
    | 'NATS_TLS_CA'
    | 'NATS_TLS_CERT'
    | 'NATS_TLS_KEY'
  > & { ENVIRONMENT: (typeof ENVIRONMENTS)[number] },
): NatsClientSettings {
  const problems: string[] = [];
  if (env.ENVIRONMENT === 'production' && env.NATS_USER === undefined) {
    problems.push(
      "NATS_USER: refused in production: must be set, with NATS_PASSWORD (docs/SECURITY.md, 'NATS')",
    );
  }
  if ((env.NATS_USER === undefined) !== (env.NATS_PASSWORD === undefined)) {
    problems.push('NATS_USER and NATS_PASSWORD: set both or neither');
  }
  if ((env.NATS_TLS_CERT === undefined) !== (env.NATS_TLS_KEY === undefined)) {
    problems.push('NATS_TLS_CERT and NATS_TLS_KEY: set both or neither');
  }
  if (problems.length) throw new ConfigError(problems);
  const files = {
    ...(env.NATS_TLS_CA ? { caFile: env.NATS_TLS_CA } : {}),
    ...(env.NATS_TLS_CERT ? { certFile: env.NATS_TLS_CERT } : {}),
    ...(env.NATS_TLS_KEY ? { keyFile: env.NATS_TLS_KEY } : {}),
  };
  const tls = env.NATS_TLS || Object.keys(files).length > 0;
  return {
    url: env.NATS_URL,
    ...(env.NATS_USER !== undefined ? { user: env.NATS_USER, password: env.NATS_PASSWORD } : {}),
    ...(tls ? { tls: files } : {}),
  };
}

/**
 * How a consumer of events that must not be lost retries: without limit, the redelivery delay
 * doubling from the base up to the cap; while the database is down it stops consuming and asks
 * the database every `EVENT_PAUSE_PROBE_MS` whether it is back.
 */
export const eventRetryEnv = z.object({
  EVENT_RETRY_BASE_MS: positiveInt(250),
  EVENT_RETRY_MAX_MS: positiveInt(30_000),
  EVENT_PAUSE_PROBE_MS: positiveInt(1_000),
});
export type EventRetryEnv = z.output<typeof eventRetryEnv>;

/** Where Redis is. */
export const redisEnv = z.object({
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
});

/** Where provider-sandbox listens in development; providers default to it outside production. */
export const DEFAULT_SANDBOX_URL = `http://127.0.0.1:${DefaultPorts.providerSandbox}`;

/**
 * A provider's base URL: the setting when given; provider-sandbox outside production;
 * the vendor's own API (undefined) in production.
 */
export function providerBaseUrl(
  setting: string | undefined,
  environment: (typeof ENVIRONMENTS)[number],
): string | undefined {
  if (setting) return setting;
  return environment === 'production' ? undefined : DEFAULT_SANDBOX_URL;
}

/**
 * Development-only key pair for SendGrid's signed Event Webhook: provider-sandbox signs with the
 * private half, webhook-ingest verifies with the public half. Production configures SendGrid's
 * real public key and refuses to start with this one.
 */
export const SANDBOX_SENDGRID_WEBHOOK_KEYS = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEP8RvNReXP+OI6HDpLussLLj4/MBx7A6pMij45O9tw5oKyHM7H24OsfigThTNYO3cnajdSwYDhfOD22mIOqMz4g==',
  privateKey:
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPT7xFRz1UQnq+4HbeVja/RACQtc/+g+8ukBwz/9GI6ShRANCAAQ/xG81F5c/44jocOku6ywsuPj8wHHsDqkyKPjk723DmgrIczsfbg6x+KBOFM1g7dydqN1LBgOF84PbaYg6ozPi',
} as const;

/**
 * Development-only Ed25519 key pair for Telnyx's signed webhooks (TeXML call callbacks and
 * instruction requests): provider-sandbox signs with the private half (PKCS#8 DER, base64); a
 * receiver verifies with the public half, given as Telnyx's portal gives it (32 raw bytes, base64).
 */
export const SANDBOX_TELNYX_WEBHOOK_KEYS = {
  publicKey: 'bzwnh+IxIoyQHYckMQdMx2vGe1KY4+fbaKJZbeSKBL8=',
  privateKey: 'MC4CAQAwBQYDK2VwBCIEINUuf3VmcRGWxeBL4nL58lEof+ys3lhT8xCU/hO+kW7Z',
} as const;

/** The public base URL providers call back (webhook paths are appended to it). */
export const publicUrlEnv = z.object({
  PUBLIC_BASE_URL: z.url().default(`http://localhost:${DefaultPorts.gateway}`),
});

/** Development-only secret guarding Inbound Parse and the compatible inbound routes. */
export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
