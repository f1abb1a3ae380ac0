import { ConfigError, authModeOf, loadConfig } from '@switchboard/config';
import { conversationServiceConfigSchema } from './config';

describe('conversation-service configuration', () => {
  it('attributes unclaimed inbound to the development tenant outside production only', () => {
    expect(
      authModeOf(loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'development' })),
    ).toBe('optional');
    expect(authModeOf(loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'test' }))).toBe(
      'optional',
    );
    expect(authModeOf(loadConfig(conversationServiceConfigSchema, {}))).toBe('required');
    expect(
      authModeOf(loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'production' })),
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
});
