import { ConfigError, authModeOf, loadConfig } from '@switchboard/config';
import { gatewayConfigSchema } from './config';

function load(env: Record<string, string>) {
  return loadConfig(gatewayConfigSchema, env);
}
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    load(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

const SECRET_KEY = '0123456789abcdef'.repeat(4);
// Production also refuses the local media defaults: a bucket of its own and a URL-signing secret.
const MEDIA = { S3_BUCKET: 'acme-switchboard-media', MEDIA_URL_SECRET: 'm'.repeat(64) };

describe('gateway configuration', () => {
  it('is production unless development is chosen: unset ENVIRONMENT refuses the development defaults', () => {
    expect(problemsOf({}).map((p) => p.split(':')[0])).toEqual([
      'S3_BUCKET',
      'MEDIA_URL_SECRET',
      'SECRET_KEY',
    ]);
    const config = load({ SECRET_KEY, ...MEDIA });
    expect(config.ENVIRONMENT).toBe('production');
    expect(authModeOf(config)).toBe('required');
  });

  it('runs development with optional auth, no CORS and no attachment exceptions', () => {
    const config = load({ ENVIRONMENT: 'development' });
    expect(authModeOf(config)).toBe('optional');
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.ATTACHMENT_HOST_ALLOWLIST).toEqual([]);
    expect(config.JWT_TENANT_CLAIM).toBe('tenant_id');
  });

  it('refuses a SECRET_KEY shorter than 32 bytes in production', () => {
    expect(problemsOf({ ENVIRONMENT: 'production', SECRET_KEY: 'x'.repeat(31), ...MEDIA })).toEqual(
      [expect.stringMatching(/^SECRET_KEY: refused in production: must be at least 32 bytes/)],
    );
  });

  it('requires auth in production by default', () => {
    expect(authModeOf(load({ ENVIRONMENT: 'production', SECRET_KEY, ...MEDIA }))).toBe('required');
  });

  it('refuses optional auth, the default SECRET_KEY and a plain-http JWKS in production', () => {
    expect(
      problemsOf({
        ENVIRONMENT: 'production',
        ...MEDIA,
        AUTH_MODE: 'optional',
        JWT_JWKS_URL: 'http://idp.example.com/jwks.json',
        JWT_AUDIENCE: 'switchboard',
      }).map((p) => p.split(':')[0]),
    ).toEqual(['AUTH_MODE', 'SECRET_KEY', 'JWT_JWKS_URL']);
  });

  it('refuses JWTs without a required audience in production', () => {
    const production = { ENVIRONMENT: 'production', SECRET_KEY, ...MEDIA };
    for (const jwt of <Record<string, string>[]>[
      { JWT_SECRET: 'a-jwt-secret-of-at-least-thirty-two-characters' },
      { JWT_JWKS_URL: 'https://idp.example.com/jwks.json' },
    ]) {
      expect(problemsOf({ ...production, ...jwt })).toEqual([
        expect.stringMatching(/^JWT_AUDIENCE:/),
      ]);
      expect(problemsOf({ ...production, ...jwt, JWT_AUDIENCE: 'switchboard' })).toEqual([]);
    }
    // Without JWTs (API keys only) there is no audience to name.
    expect(problemsOf(production)).toEqual([]);
  });

  it('refuses an HS256 secret too short to resist guessing', () => {
    expect(problemsOf({ ENVIRONMENT: 'development', JWT_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^JWT_SECRET:/),
    ]);
  });

  it('reads TRUST_PROXY as express does, refusing what it cannot use', () => {
    const trust = (TRUST_PROXY: string) =>
      load({ ENVIRONMENT: 'development', TRUST_PROXY }).TRUST_PROXY;
    expect(load({ ENVIRONMENT: 'development' }).TRUST_PROXY).toBe(
      'loopback, linklocal, uniquelocal',
    );
    expect(trust('10.0.0.0/8, 192.0.2.7, fd00::/8')).toBe('10.0.0.0/8, 192.0.2.7, fd00::/8');
    expect(trust('2')).toBe(2);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    for (const wrong of ['ingress-controller', '10.0.0.0/33', '10.0.0.0/8/1', '300.1.1.1']) {
      expect(problemsOf({ ENVIRONMENT: 'development', TRUST_PROXY: wrong })).toEqual([
        expect.stringMatching(/^TRUST_PROXY: not an address, CIDR/),
      ]);
    }
    expect(
      problemsOf({ ENVIRONMENT: 'production', SECRET_KEY, ...MEDIA, TRUST_PROXY: 'true' }),
    ).toEqual([expect.stringMatching(/^TRUST_PROXY: refused in production/)]);
  });

  it('reads comma-separated lists', () => {
    const config = load({
      ENVIRONMENT: 'development',
      CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
      ATTACHMENT_HOST_ALLOWLIST: '127.0.0.1,localhost',
    });
    expect(config.CORS_ORIGINS).toEqual(['https://app.example.com', 'https://admin.example.com']);
    expect(config.ATTACHMENT_HOST_ALLOWLIST).toEqual(['127.0.0.1', 'localhost']);
  });
});
