import { ConfigError, loadConfig } from '@switchboard/config';
import { sendersMustBeClaimed } from '@switchboard/tenancy';
import { twilioStatusCallbackUrl } from '@switchboard/providers';
import { smsDispatcherConfigSchema } from './config';

const load = (env: Record<string, string>) =>
  loadConfig(smsDispatcherConfigSchema, { ENVIRONMENT: 'test', ...env });

describe('sms-dispatcher configuration', () => {
  it('tries Twilio, then Telnyx, unless SMS_PROVIDERS names others', () => {
    expect(load({}).SMS_PROVIDERS).toEqual(['twilio', 'telnyx']);
    expect(load({ SMS_PROVIDERS: 'telnyx, twilio' }).SMS_PROVIDERS).toEqual(['telnyx', 'twilio']);
    expect(load({ SMS_PROVIDERS: 'telnyx' }).SMS_PROVIDERS).toEqual(['telnyx']);
  });

  it('refuses an unknown provider and an empty list', () => {
    expect(() => load({ SMS_PROVIDERS: 'twilio,nexmo' })).toThrow(ConfigError);
    expect(() => load({ SMS_PROVIDERS: ' , ' })).toThrow(ConfigError);
  });

  it('defaults to the provider sandbox credentials', () => {
    const config = load({});
    expect(config.TWILIO_ACCOUNT_SID).toBe('ACtest00000000000000000000000000000');
    expect(config.TWILIO_AUTH_TOKEN).toBe('sandbox-twilio-token');
    expect(config.TELNYX_API_KEY).toBe('KEYsandbox');
    expect(config.TWILIO_BASE_URL).toBeUndefined();
  });

  it('requires claimed senders in production (and refuses turning that off), not elsewhere', () => {
    const media = { S3_BUCKET: 'acme-switchboard-media', MEDIA_URL_SECRET: 'm'.repeat(64) };
    expect(sendersMustBeClaimed(load({ ENVIRONMENT: 'production', ...media }))).toBe(true);
    expect(sendersMustBeClaimed(load({}))).toBe(false);
    expect(() =>
      load({ ENVIRONMENT: 'production', ...media, SENDERS_MUST_BE_CLAIMED: 'false' }),
    ).toThrow(/SENDERS_MUST_BE_CLAIMED: refused in production/);
  });

  it('refuses a provider timeout that is not a positive whole number of milliseconds', () => {
    expect(load({ PROVIDER_TIMEOUT_MS: '2500' }).PROVIDER_TIMEOUT_MS).toBe(2500);
    expect(() => load({ PROVIDER_TIMEOUT_MS: '0' })).toThrow(ConfigError);
    expect(() => load({ PROVIDER_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
  });
});

describe('twilioStatusCallbackUrl', () => {
  it("is the public Twilio webhook under PUBLIC_BASE_URL by default, with one '/'", () => {
    expect(twilioStatusCallbackUrl(load({ PUBLIC_BASE_URL: 'https://sms.example.com/' }))).toBe(
      'https://sms.example.com/api/v1/webhooks/twilio',
    );
    expect(twilioStatusCallbackUrl(load({ PUBLIC_BASE_URL: 'https://sms.example.com' }))).toBe(
      'https://sms.example.com/api/v1/webhooks/twilio',
    );
  });

  it('is TWILIO_STATUS_CALLBACK_URL when given', () => {
    const config = load({ TWILIO_STATUS_CALLBACK_URL: 'https://hooks.example.com/twilio' });
    expect(twilioStatusCallbackUrl(config)).toBe('https://hooks.example.com/twilio');
  });

  it('is none when STATUS_CALLBACKS is off', () => {
    expect(twilioStatusCallbackUrl(load({ STATUS_CALLBACKS: 'false' }))).toBeUndefined();
  });
});
