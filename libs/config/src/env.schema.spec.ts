import {
  DEFAULT_SANDBOX_URL,
  baseEnv,
  databaseUrl,
  natsClientSettings,
  natsEnv,
  postgresEnv,
  providerBaseUrl,
} from './env.schema';
import { ConfigError, loadConfig } from './load-config';

describe('databaseUrl', () => {
  const parts = loadConfig(postgresEnv, {
    POSTGRES_HOST: 'db.internal',
    POSTGRES_PORT: '6543',
    POSTGRES_USER: 'app',
    POSTGRES_PASSWORD: 'secret',
    POSTGRES_DB: 'switchboard_test',
  });

  it('builds the URL from the POSTGRES_* parts', () => {
    expect(databaseUrl(parts)).toBe('postgres://app:secret@db.internal:6543/switchboard_test');
  });

  it('uses the defaults for a local database', () => {
    expect(databaseUrl(loadConfig(postgresEnv, {}))).toBe(
      'postgres://postgres@127.0.0.1:5432/switchboard',
    );
  });

  it('lets DATABASE_URL win over the parts', () => {
    expect(databaseUrl({ ...parts, DATABASE_URL: 'postgres://other@elsewhere/db' })).toBe(
      'postgres://other@elsewhere/db',
    );
  });

  it('URL-encodes a password with reserved characters so the URL still parses back to it', () => {
    const password = 'p@ss:w/rd?#%& ü';
    const url = databaseUrl({ ...parts, POSTGRES_USER: 'app user', POSTGRES_PASSWORD: password });
    const parsed = new URL(url);
    expect(parsed.hostname).toBe('db.internal');
    expect(parsed.port).toBe('6543');
    expect(parsed.pathname).toBe('/switchboard_test');
    expect(decodeURIComponent(parsed.username)).toBe('app user');
    expect(decodeURIComponent(parsed.password)).toBe(password);
  });
});

describe('providerBaseUrl', () => {
  it('uses the setting when one is given, in every environment', () => {
    expect(providerBaseUrl('https://api.twilio.test', 'production')).toBe(
      'https://api.twilio.test',
    );
    expect(providerBaseUrl('http://127.0.0.1:9999', 'development')).toBe('http://127.0.0.1:9999');
  });

  it('points at provider-sandbox outside production', () => {
    expect(providerBaseUrl(undefined, 'development')).toBe(DEFAULT_SANDBOX_URL);
    expect(providerBaseUrl(undefined, 'test')).toBe(DEFAULT_SANDBOX_URL);
    expect(DEFAULT_SANDBOX_URL).toBe('http://127.0.0.1:4010');
  });

  it("leaves production on the vendor's own API", () => {
    expect(providerBaseUrl(undefined, 'production')).toBeUndefined();
    expect(providerBaseUrl('', 'production')).toBeUndefined();
  });
});

describe('ENVIRONMENT', () => {
  it('is production unless development or test is chosen explicitly', () => {
    expect(loadConfig(baseEnv, {}).ENVIRONMENT).toBe('production');
    expect(loadConfig(baseEnv, { ENVIRONMENT: '' }).ENVIRONMENT).toBe('production');
    expect(loadConfig(baseEnv, { ENVIRONMENT: 'development' }).ENVIRONMENT).toBe('development');
    expect(loadConfig(baseEnv, { ENVIRONMENT: 'test' }).ENVIRONMENT).toBe('test');
  });
});

describe('natsClientSettings', () => {
  // A development environment unless a test says otherwise: production (the default) needs a user.
  const settings = (env: Record<string, string | undefined>) =>
    natsClientSettings(
      loadConfig(baseEnv.extend(natsEnv.shape), { ENVIRONMENT: 'development', ...env }),
    );

  it('connects without credentials or TLS by default (a local development server)', () => {
    expect(settings({})).toEqual({ url: 'nats://127.0.0.1:4222' });
  });

  it("passes the service's own user and password", () => {
    expect(settings({ NATS_USER: 'gateway', NATS_PASSWORD: 's3cret' })).toEqual({
      url: 'nats://127.0.0.1:4222',
      user: 'gateway',
      password: 's3cret',
    });
  });

  it('requires TLS when asked, or when a CA or client certificate is given', () => {
    expect(settings({ NATS_TLS: 'true' }).tls).toEqual({});
    expect(
      settings({ NATS_TLS_CA: '/ca.pem', NATS_TLS_CERT: '/c.pem', NATS_TLS_KEY: '/k.pem' }).tls,
    ).toEqual({ caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' });
  });

  it('refuses half a credential and a certificate without its key', () => {
    expect(() => settings({ NATS_USER: 'gateway' })).toThrow(ConfigError);
    expect(() => settings({ NATS_PASSWORD: 'x' })).toThrow(/NATS_USER and NATS_PASSWORD/);
    expect(() => settings({ NATS_TLS_CERT: '/c.pem' })).toThrow(/NATS_TLS_KEY/);
  });

  it('refuses production without a NATS user', () => {
    expect(() => settings({ ENVIRONMENT: 'production' })).toThrow(
      /NATS_USER: refused in production/,
    );
    expect(() => natsClientSettings(loadConfig(baseEnv.extend(natsEnv.shape), {}))).toThrow(
      /NATS_USER: refused in production/,
    );
    expect(
      settings({ ENVIRONMENT: 'production', NATS_USER: 'gateway', NATS_PASSWORD: 'x' }).user,
    ).toBe('gateway');
  });
});
