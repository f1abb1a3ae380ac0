import { ConfigError, loadConfig } from '@switchboard/config';
import { emailDispatcherConfigSchema } from './config';

// Production refuses the development secrets and the local media bucket.
const PRODUCTION_SECRETS = {
  UNSUBSCRIBE_SECRET: 'u'.repeat(64),
  S3_BUCKET: 'acme-switchboard-media',
  MEDIA_URL_SECRET: 'm'.repeat(64),
};

describe('email-dispatcher SMTP transport security', () => {
  it('requires TLS (STARTTLS or implicit) in production unless told otherwise', () => {
    const config = loadConfig(emailDispatcherConfigSchema, {
      ENVIRONMENT: 'production',
      ...PRODUCTION_SECRETS,
    });
    expect(config.SMTP_REQUIRE_TLS).toBe(true);
  });

  it('keeps STARTTLS opportunistic in development and test, for the local relay', () => {
    for (const ENVIRONMENT of ['development', 'test']) {
      expect(loadConfig(emailDispatcherConfigSchema, { ENVIRONMENT }).SMTP_REQUIRE_TLS).toBe(false);
    }
  });

  it('lets SMTP_REQUIRE_TLS say either way', () => {
    const load = (env: Record<string, string>) => loadConfig(emailDispatcherConfigSchema, env);
    expect(load({ ENVIRONMENT: 'test', SMTP_REQUIRE_TLS: 'true' }).SMTP_REQUIRE_TLS).toBe(true);
    expect(
      load({
        ENVIRONMENT: 'production',
        SMTP_REQUIRE_TLS: 'false',
        ...PRODUCTION_SECRETS,
      }).SMTP_REQUIRE_TLS,
    ).toBe(false);
    expect(() =>
      loadConfig(emailDispatcherConfigSchema, { ENVIRONMENT: 'test', SMTP_REQUIRE_TLS: 'maybe' }),
    ).toThrow(ConfigError);
  });
});

describe('email-dispatcher one-click unsubscribe links', () => {
  it('refuses the sandbox signing secret, or a short one, in production', () => {
    for (const UNSUBSCRIBE_SECRET of [undefined, 'short']) {
      expect(() =>
        loadConfig(emailDispatcherConfigSchema, {
          ENVIRONMENT: 'production',
          ...(UNSUBSCRIBE_SECRET ? { UNSUBSCRIBE_SECRET } : {}),
        }),
      ).toThrow(/UNSUBSCRIBE_SECRET: refused in production/);
    }
  });
});
