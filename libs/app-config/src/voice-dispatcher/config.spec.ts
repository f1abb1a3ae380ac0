import { ConfigError, loadConfig } from '@switchboard/config';
import { voiceWebhookUrls } from '@switchboard/providers';
import { voiceDispatcherConfigSchema } from './config';

const load = (env: Record<string, string>) =>
  loadConfig(voiceDispatcherConfigSchema, { ENVIRONMENT: 'test', ...env });

describe('voice-dispatcher configuration', () => {
  it('listens on 8085 and tries Twilio, then Telnyx TeXML, unless VOICE_PROVIDERS names others', () => {
    expect(load({}).VOICE_DISPATCHER_PORT).toBe(8085);
    expect(load({}).VOICE_PROVIDERS).toEqual(['twilio', 'telnyx']);
    expect(load({ VOICE_PROVIDERS: 'telnyx' }).VOICE_PROVIDERS).toEqual(['telnyx']);
  });

  it('refuses an unknown provider and an empty list', () => {
    expect(() => load({ VOICE_PROVIDERS: 'twilio,vonage' })).toThrow(ConfigError);
    expect(() => load({ VOICE_PROVIDERS: ' , ' })).toThrow(ConfigError);
  });

  it('asks each provider for call callbacks at its own webhook-ingest routes', () => {
    const config = load({ PUBLIC_BASE_URL: 'https://sms.example.com/' });
    expect(voiceWebhookUrls(config, 'twilio')).toEqual({
      statusCallbackUrl: 'https://sms.example.com/api/v1/webhooks/twilio/calls/status',
      instructionsUrl: 'https://sms.example.com/api/v1/webhooks/twilio/calls/instructions',
    });
    expect(
      voiceWebhookUrls(load({ VOICE_WEBHOOK_BASE_URL: 'https://hooks.example.com' }), 'telnyx')
        .statusCallbackUrl,
    ).toBe('https://hooks.example.com/api/v1/webhooks/telnyx/calls/status');
  });

  it('requires claimed senders in production', () => {
    expect(() => load({ ENVIRONMENT: 'production', SENDERS_MUST_BE_CLAIMED: 'false' })).toThrow(
      /SENDERS_MUST_BE_CLAIMED: refused in production/,
    );
  });
});
