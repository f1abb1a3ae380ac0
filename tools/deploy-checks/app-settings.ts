/**
 * What each app expects of its environment, read from the source of truth: the apps' zod
 * config schemas (`@switchboard/app-config/<app>`) and the shared HTTP service. The deployment
 * checks compare manifests with this.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conversationServiceConfigSchema } from '@switchboard/app-config/conversation-service';
import { emailDispatcherConfigSchema } from '@switchboard/app-config/email-dispatcher';
import { gatewayConfigSchema } from '@switchboard/app-config/gateway';
import { sandboxConfigSchema } from '@switchboard/app-config/provider-sandbox';
import { smsDispatcherConfigSchema } from '@switchboard/app-config/sms-dispatcher';
import { voiceDispatcherConfigSchema } from '@switchboard/app-config/voice-dispatcher';
import { webhookDispatcherConfigSchema } from '@switchboard/app-config/webhook-dispatcher';
import { webhookIngestConfigSchema } from '@switchboard/app-config/webhook-ingest';
import {
  DefaultPorts,
  baseEnv,
  natsEnv,
  postgresEnv,
  redisEnv,
  tracingEnv,
} from '@switchboard/config';
import { ROOT } from './manifests';

/** A config schema: an object of settings, possibly piped through a transform. */
type EnvSchema = z.ZodType;

/** Each app's config schema. A new app fails the checks until it is listed here. */
export const APP_SCHEMAS: Readonly<Record<string, EnvSchema>> = {
  gateway: gatewayConfigSchema,
  'conversation-service': conversationServiceConfigSchema,
  'sms-dispatcher': smsDispatcherConfigSchema,
  'email-dispatcher': emailDispatcherConfigSchema,
  'webhook-ingest': webhookIngestConfigSchema,
  'webhook-dispatcher': webhookDispatcherConfigSchema,
  'provider-sandbox': sandboxConfigSchema,
  'voice-dispatcher': voiceDispatcherConfigSchema,
};

/** The development-only stand-in for the providers: never deployed to production. */
export const SANDBOX = 'provider-sandbox';

/** Apps with a composition root under apps/. */
export function appNames(): string[] {
  return readdirSync(path.join(ROOT, 'apps'))
    .filter((name) => existsSync(path.join(ROOT, 'apps', name, 'src', 'main.ts')))
    .sort();
}

export function schemaOf(app: string): EnvSchema {
  const schema = APP_SCHEMAS[app];
  if (!schema)
    throw new Error(`no config schema listed for ${app} in tools/deploy-checks/app-settings.ts`);
  return schema;
}

/** The object of settings under a schema's transforms. */
export function settingsObject(schema: EnvSchema): z.ZodObject {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodPipe) return settingsObject(schema.in as EnvSchema);
  throw new Error('a config schema must be a z.object (optionally with a transform)');
}

const shapeOf = (app: string) => settingsObject(schemaOf(app)).shape;

/**
 * Settings a schema cannot do without: no default and not optional — or, in the environment
 * `env` chooses (e.g. `{ ENVIRONMENT: 'development' }`), refused at their defaults there (a
 * production service must be given its own secrets).
 */
export function requiredSettings(
  schema: EnvSchema,
  env: Readonly<Record<string, string>> = {},
): string[] {
  const result = schema.safeParse({ ...(env.ENVIRONMENT ? { ENVIRONMENT: env.ENVIRONMENT } : {}) });
  if (result.success) return [];
  return [...new Set(result.error.issues.map((issue) => String(issue.path[0])))].sort();
}

/** Every setting any service (or the migration, which reads the shared ones) understands. */
export function knownSettings(): Set<string> {
  const schemas: EnvSchema[] = [
    ...Object.values(APP_SCHEMAS),
    baseEnv,
    natsEnv,
    postgresEnv,
    redisEnv,
    // Read by every app's tracing entry (and the OpenTelemetry SDK), not by its own schema.
    tracingEnv,
  ];
  return new Set(schemas.flatMap((schema) => Object.keys(settingsObject(schema).shape)));
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The setting that holds an app's HTTP port, and its default: the `*_PORT` setting whose
 * default is the app's entry in DefaultPorts.
 */
export function portSetting(app: string): { variable: string; defaultPort: number } {
  const defaultPort = (DefaultPorts as Readonly<Record<string, number>>)[camelCase(app)];
  if (defaultPort === undefined) throw new Error(`${app} has no entry in DefaultPorts`);
  const shape = shapeOf(app);
  const candidates = Object.keys(shape).filter(
    (key) =>
      key.endsWith('_PORT') && (shape[key] as z.ZodType).safeParse(undefined).data === defaultPort,
  );
  if (candidates.length !== 1) {
    throw new Error(
      `${app}: expected one *_PORT setting defaulting to ${defaultPort}, found ${candidates.join(', ') || 'none'}`,
    );
  }
  return { variable: candidates[0]!, defaultPort };
}

/** A setting's default as the service would see it when unset. */
export function defaultOf(app: string, variable: string): unknown {
  const field = shapeOf(app)[variable] as z.ZodType | undefined;
  return field?.safeParse(undefined).data;
}

/** Whether an app connects to PostgreSQL (its schema has the pool size). */
export const usesPostgres = (app: string) => 'POSTGRES_POOL_MAX' in shapeOf(app);

/** Whether an app stores or scans media (its schema has the clamd address). */
export const usesMedia = (app: string) => 'CLAMD_HOST' in shapeOf(app);

/**
 * The operational paths every service serves, read from the shared HTTP service's routes
 * (`app.get('/health', …)`), so a renamed route fails the probe checks.
 */
export function servedOpsPaths(): Set<string> {
  const source = readFileSync(path.join(ROOT, 'libs/http/src/http-service.ts'), 'utf8');
  const paths = [...source.matchAll(/\bapp\.get\(\s*['"`](\/[^'"`]*)['"`]/g)].map((m) => m[1]!);
  if (!paths.length) throw new Error('no routes found in libs/http/src/http-service.ts');
  return new Set(paths);
}

/** The durable consumer name a dispatcher app consumes with, read from its composition root. */
export function dispatcherConsumer(app: string): string | undefined {
  const source = readFileSync(path.join(ROOT, 'apps', app, 'src', 'main.ts'), 'utf8');
  if (!source.includes('createDispatcherService(')) return undefined;
  const constant = /const SERVICE = '([^']+)'/.exec(source)?.[1];
  const name = /createDispatcherService\(\{\s*name:\s*(SERVICE|'[^']+')/.exec(source)?.[1];
  if (!name) throw new Error(`${app}: cannot find the name passed to createDispatcherService`);
  return name === 'SERVICE' ? constant : name.slice(1, -1);
}
