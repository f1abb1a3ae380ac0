import { z } from 'zod';
import { baseEnv, bool, csv, natsEnv, port, postgresEnv } from './env.schema';
import { ConfigError, loadConfig } from './load-config';

// A service schema assembled the way apps assemble theirs.
const schema = z.object({
  ...baseEnv.shape,
  ...postgresEnv.shape,
  ...natsEnv.shape,
  GATEWAY_PORT: port(8080),
  STRICT_WEBHOOKS: bool(true),
  ALLOWED_ORIGINS: csv('http://localhost:3000'),
});

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies every default to an empty environment', () => {
    const config = loadConfig(schema, {});
    expect(config).toEqual({
      ENVIRONMENT: 'production',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      SHUTDOWN_TIMEOUT_MS: 15_000,
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: 5432,
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: '',
      POSTGRES_DB: 'switchboard',
      POSTGRES_POOL_MAX: 10,
      NATS_URL: 'nats://127.0.0.1:4222',
      PARTITIONS: 16,
      NATS_STREAM_REPLICAS: 1,
      NATS_TLS: false,
      GATEWAY_PORT: 8080,
      STRICT_WEBHOOKS: true,
      ALLOWED_ORIGINS: ['http://localhost:3000'],
    });
  });

  it('parses the values it is given into their types', () => {
    const config = loadConfig(schema, {
      ENVIRONMENT: 'production',
      GATEWAY_PORT: '9000',
      PARTITIONS: '64',
      STRICT_WEBHOOKS: 'no',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example ,,',
      DATABASE_URL: 'postgres://u@db/x',
    });
    expect(config.ENVIRONMENT).toBe('production');
    expect(config.GATEWAY_PORT).toBe(9000);
    expect(config.PARTITIONS).toBe(64);
    expect(config.STRICT_WEBHOOKS).toBe(false);
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.DATABASE_URL).toBe('postgres://u@db/x');
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['true', true],
    ['0', false],
    ['false', false],
  ])('reads the flag %j as %p', (value, expected) => {
    expect(loadConfig(schema, { STRICT_WEBHOOKS: value }).STRICT_WEBHOOKS).toBe(expected);
  });

  it('treats empty strings as unset, so `FOO=` falls back to the default', () => {
    const config = loadConfig(schema, {
      POSTGRES_PORT: '',
      PARTITIONS: '',
      LOG_LEVEL: '',
      STRICT_WEBHOOKS: '',
      DATABASE_URL: '',
      NATS_URL: undefined,
    });
    // Without that rule, '' would coerce to port 0 and fail the enum.
    expect(config.POSTGRES_PORT).toBe(5432);
    expect(config.PARTITIONS).toBe(16);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.STRICT_WEBHOOKS).toBe(true);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('ignores variables the schema does not know', () => {
    const config = loadConfig(schema, { PATH: '/usr/bin', HOME: '/root' });
    expect(config).not.toHaveProperty('PATH');
  });

  it('returns a deeply frozen config', () => {
    const config = loadConfig(schema, { ALLOWED_ORIGINS: 'https://a.example' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ALLOWED_ORIGINS)).toBe(true);
    expect(() => {
      (config as { GATEWAY_PORT: number }).GATEWAY_PORT = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.ALLOWED_ORIGINS as string[]).push('https://evil.example');
    }).toThrow(TypeError);
    expect(config.GATEWAY_PORT).toBe(8080);
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example']);
  });

  it('freezes nested objects a schema produces', () => {
    const nested = z.object({
      SMTP: z
        .string()
        .default('mail.example:25')
        .transform((v) => ({ server: { host: v.split(':')[0], port: Number(v.split(':')[1]) } })),
    });
    const config = loadConfig(nested, {});
    expect(config.SMTP.server).toEqual({ host: 'mail.example', port: 25 });
    expect(Object.isFrozen(config.SMTP)).toBe(true);
    expect(Object.isFrozen(config.SMTP.server)).toBe(true);
  });

  it('names every bad variable in one ConfigError', () => {
    const env = {
      ENVIRONMENT: 'staging',
      LOG_LEVEL: 'loud',
      POSTGRES_PORT: 'five',
      GATEWAY_PORT: '70000',
      PARTITIONS: '0',
      STRICT_WEBHOOKS: 'maybe',
      SHUTDOWN_TIMEOUT_MS: '-1',
      HOST: 'localhost',
    };
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);

    const problems = problemsOf(env);
    const named = problems.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual(
      [
        'ENVIRONMENT',
        'GATEWAY_PORT',
        'LOG_LEVEL',
        'PARTITIONS',
        'POSTGRES_PORT',
        'SHUTDOWN_TIMEOUT_MS',
        'STRICT_WEBHOOKS',
      ].sort(),
    );
  });

  it('lists the problems in the error message an operator reads', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PARTITIONS: '2048', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).name).toBe('ConfigError');
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:/);
    expect((error as ConfigError).message).toMatch(/\n {2}- PARTITIONS: /);
    expect((error as ConfigError).message).toMatch(/\n {2}- LOG_LEVEL: /);
  });
});
