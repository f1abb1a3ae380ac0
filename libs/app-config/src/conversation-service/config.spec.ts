import { ConfigError, authModeOf, endpointPolicyOf, loadConfig } from '@switchboard/config';
import { sendersMustBeClaimed } from '@switchboard/tenancy';
import { conversationServiceConfigSchema } from './config';

// Production refuses the development key that seals webhook endpoints' secrets, the default
// media bucket and the sandbox's Twilio token (inbound MMS media are fetched with it).
const KEY = {
  WEBHOOK_SECRETS_KEY: 'k'.repeat(64),
  S3_BUCKET: 'acme-switchboard-media',
  TWILIO_AUTH_TOKEN: 't'.repeat(32),
};

describe('conversation-service configuration', () => {
  it('attributes unclaimed inbound to the development tenant outside production only', () => {
    expect(
      authModeOf(loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'development' })),
    ).toBe('optional');
    expect(authModeOf(loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'test' }))).toBe(
      'optional',
    );
    expect(authModeOf(loadConfig(conversationServiceConfigSchema, KEY))).toBe('required');
    expect(
      authModeOf(
        loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'production', ...KEY }),
      ),
    ).toBe('required');
  });

  it('refuses to start production with optional auth', () => {
    expect(() =>
      loadConfig(conversationServiceConfigSchema, {
        ENVIRONMENT: 'production',
        AUTH_MODE: 'optional',
      }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig(conversationServiceConfigSchema, {
        ENVIRONMENT: 'production',
        AUTH_MODE: 'optional',
      }),
    ).toThrow(/AUTH_MODE: refused in production/);
  });

  it('requires claimed senders in production (and refuses turning that off), not elsewhere', () => {
    const load = (env: Record<string, string>) => loadConfig(conversationServiceConfigSchema, env);
    expect(sendersMustBeClaimed(load({ ENVIRONMENT: 'production', ...KEY }))).toBe(true);
    // Unset is production.
    expect(sendersMustBeClaimed(load(KEY))).toBe(true);
    expect(sendersMustBeClaimed(load({ ENVIRONMENT: 'development' }))).toBe(false);
    expect(
      sendersMustBeClaimed(load({ ENVIRONMENT: 'development', SENDERS_MUST_BE_CLAIMED: 'true' })),
    ).toBe(true);
    expect(() =>
      load({ ENVIRONMENT: 'production', ...KEY, SENDERS_MUST_BE_CLAIMED: 'false' }),
    ).toThrow(/SENDERS_MUST_BE_CLAIMED: refused in production/);
  });

  it('lets webhook endpoints use private addresses only when development asks, https in production', () => {
    const load = (env: Record<string, string>) =>
      endpointPolicyOf(loadConfig(conversationServiceConfigSchema, env));
    expect(load({ ENVIRONMENT: 'production', ...KEY })).toEqual({
      requireHttps: true,
      allowPrivate: false,
    });
    expect(load({ ENVIRONMENT: 'development' })).toEqual({
      requireHttps: false,
      allowPrivate: false,
    });
    expect(load({ ENVIRONMENT: 'development', WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: 'true' })).toEqual({
      requireHttps: false,
      allowPrivate: true,
    });
    expect(() =>
      loadConfig(conversationServiceConfigSchema, {
        ENVIRONMENT: 'production',
        WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: 'true',
      }),
    ).toThrow(/WEBHOOK_ENDPOINTS_ALLOW_PRIVATE: refused in production/);
  });

  it('refuses the development key sealing webhook secrets, or a short one, in production', () => {
    const load = (env: Record<string, string>) =>
      loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'production', ...env });
    expect(() => load({})).toThrow(/WEBHOOK_SECRETS_KEY: refused in production/);
    expect(() => load({ WEBHOOK_SECRETS_KEY: 'k'.repeat(20) })).toThrow(
      /WEBHOOK_SECRETS_KEY: refused in production/,
    );
    expect(load(KEY).WEBHOOK_SECRETS_KEY).toBe(KEY.WEBHOOK_SECRETS_KEY);
  });

  it('reads listings from a replica only when DATABASE_REPLICA_URL is set, skipping it past 5 s of lag by default', () => {
    const none = loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'development' });
    expect(none.DATABASE_REPLICA_URL).toBeUndefined();
    expect(none.REPLICA_MAX_LAG_MS).toBe(5_000);
    expect(none.REPLICA_CHECK_INTERVAL_MS).toBe(1_000);
    const replica = loadConfig(conversationServiceConfigSchema, {
      ENVIRONMENT: 'development',
      DATABASE_REPLICA_URL: 'postgres://reader@replica.example:5432/switchboard',
      REPLICA_MAX_LAG_MS: '2000',
    });
    expect(replica.DATABASE_REPLICA_URL).toBe('postgres://reader@replica.example:5432/switchboard');
    expect(replica.REPLICA_MAX_LAG_MS).toBe(2_000);
    expect(() =>
      loadConfig(conversationServiceConfigSchema, {
        ENVIRONMENT: 'development',
        REPLICA_MAX_LAG_MS: '0',
      }),
    ).toThrow(/REPLICA_MAX_LAG_MS/);
  });
});
