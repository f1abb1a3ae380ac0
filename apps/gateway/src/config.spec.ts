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

describe('gateway configuration', () => {
  it('runs development with optional auth, no CORS and no attachment exceptions', () => {
    const config = load({});
    expect(authModeOf(config)).toBe('optional');
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.ATTACHMENT_HOST_ALLOWLIST).toEqual([]);
    expect(config.JWT_TENANT_CLAIM).toBe('tenant_id');
  });

  it('requires auth in production by default', () => {
    expect(authModeOf(load({ ENVIRONMENT: 'production', SECRET_KEY }))).toBe('required');
  });

  it('refuses optional auth, the default SECRET_KEY and a plain-http JWKS in production', () => {
    expect(
      problemsOf({
        ENVIRONMENT: 'production',
        AUTH_MODE: 'optional',
        JWT_JWKS_URL: 'http://idp.example.com/jwks.json',
        JWT_AUDIENCE: 'switchboard',
      }).map((p) => p.split(':')[0]),
    ).toEqual(['AUTH_MODE', 'SECRET_KEY', 'JWT_JWKS_URL']);
  });

  it('refuses JWTs without a required audience in production', () => {
    const production = { ENVIRONMENT: 'production', SECRET_KEY };
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
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual([expect.stringMatching(/^JWT_SECRET:/)]);
  });

  it('reads comma-separated lists', () => {
    const config = load({
      CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
      ATTACHMENT_HOST_ALLOWLIST: '127.0.0.1,localhost',
    });
    expect(config.CORS_ORIGINS).toEqual(['https://app.example.com', 'https://admin.example.com']);
    expect(config.ATTACHMENT_HOST_ALLOWLIST).toEqual(['127.0.0.1', 'localhost']);
  });
});
