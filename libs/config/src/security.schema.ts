import { z } from 'zod';
import type { ENVIRONMENTS } from './env.schema';

type Environment = (typeof ENVIRONMENTS)[number];

/**
 * `required`: every API request must prove who it is. `optional` (development): a request
 * without credentials acts as the built-in `development` tenant; credentials that are present
 * must still verify.
 */
export const AUTH_MODES = ['required', 'optional'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** `AUTH_MODE`; unset means `required` in production and `optional` elsewhere. */
export const authModeEnv = z.object({ AUTH_MODE: z.enum(AUTH_MODES).optional() });

/** The auth mode a service runs in: the setting, or its environment's default. */
export function authModeOf(config: { ENVIRONMENT: Environment; AUTH_MODE?: AuthMode }): AuthMode {
  return config.AUTH_MODE ?? (config.ENVIRONMENT === 'production' ? 'required' : 'optional');
}

/** Development-only pepper for API key hashes; production refuses to start with it. */
export const DEVELOPMENT_SECRET_KEY = 'switchboard-development-secret-key-do-not-use';
/** Shortest secret production accepts, in bytes (UTF-8): e.g. `openssl rand -hex 32` (64 bytes). */
export const MIN_SECRET_BYTES = 32;

/** Whether a secret is shorter than production accepts (counted in bytes, not characters). */
export const isShortSecret = (secret: string): boolean =>
  Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES;

/**
 * `SECRET_KEY`: the server-side pepper API key hashes are keyed with (HMAC-SHA256). The gateway
 * and the admin CLI must share it; changing it invalidates every issued key.
 */
export const secretKeyEnv = z.object({
  SECRET_KEY: z.string().min(1).default(DEVELOPMENT_SECRET_KEY),
});

/** provider-sandbox's Twilio auth token; webhook-ingest refuses it in production. */
export const SANDBOX_TWILIO_AUTH_TOKEN = 'sandbox-twilio-token';

/** A development convenience that must not reach production, and how to tell it is there. */
export interface ProductionRule<T> {
  setting: Extract<keyof T, string>;
  /** True when the configuration is unsafe for production. */
  unsafe: (config: T) => boolean;
  /** What to do instead; never the value itself, which may be a secret. */
  fix: string;
}

/**
 * Fails a production configuration breaking any rule, one issue per wrong setting, so
 * `loadConfig` throws a ConfigError naming each of them. Call it from the schema's `superRefine`.
 *
 * @example schema.superRefine((config, ctx) => refuseInProduction(config, ctx, rules))
 */
export function refuseInProduction<T extends { ENVIRONMENT: Environment }>(
  config: T,
  ctx: z.RefinementCtx,
  rules: readonly ProductionRule<T>[],
): void {
  if (config.ENVIRONMENT !== 'production') return;
  for (const rule of rules) {
    if (rule.unsafe(config)) {
      ctx.addIssue({
        code: 'custom',
        path: [rule.setting],
        message: `refused in production: ${rule.fix}`,
      });
    }
  }
}

/** The rules every service that authenticates clients (or attributes their data) follows. */
export const authProductionRules: readonly ProductionRule<{
  ENVIRONMENT: Environment;
  AUTH_MODE?: AuthMode;
}>[] = [
  {
    setting: 'AUTH_MODE',
    unsafe: (c) => authModeOf(c) !== 'required',
    fix: 'must be `required` (or unset): `optional` lets requests without credentials act as the development tenant',
  },
];

/**
 * The rule for a shared secret of ours (a pepper, a webhook password): at least
 * `MIN_SECRET_BYTES` bytes in production. A development default is reported by its own rule, so
 * it is left to that one here.
 *
 * @example refuseInProduction(config, ctx, [sharedSecretRule('INBOUND_PARSE_SECRET', SANDBOX_WEBHOOK_SECRET)])
 */
export function sharedSecretRule<S extends string>(
  setting: S,
  developmentDefault?: string,
): ProductionRule<{ ENVIRONMENT: Environment } & Record<S, string>> {
  return {
    // `S` is one of the keys of that type; TypeScript does not see it through the intersection.
    setting: setting as Extract<keyof ({ ENVIRONMENT: Environment } & Record<S, string>), string>,
    unsafe: (c) => c[setting] !== developmentDefault && isShortSecret(c[setting]),
    fix: `must be at least ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -hex 32\`)`,
  };
}

/** The rules for services that hash API keys with SECRET_KEY. */
export const secretKeyProductionRules: readonly ProductionRule<{
  ENVIRONMENT: Environment;
  SECRET_KEY: string;
}>[] = [
  {
    setting: 'SECRET_KEY',
    unsafe: (c) => c.SECRET_KEY === DEVELOPMENT_SECRET_KEY,
    fix: 'must be set to a random value of your own (e.g. `openssl rand -hex 32`), not the development default',
  },
  sharedSecretRule('SECRET_KEY', DEVELOPMENT_SECRET_KEY),
];
