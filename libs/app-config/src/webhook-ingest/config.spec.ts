import {
  ConfigError,
  SANDBOX_SENDGRID_WEBHOOK_KEYS,
  SANDBOX_TWILIO_AUTH_TOKEN,
  SANDBOX_WEBHOOK_SECRET,
  loadConfig,
} from '@switchboard/config';
import { webhookIngestConfigSchema } from './config';

const real = {
  TWILIO_AUTH_TOKEN: 'f'.repeat(32),
  SENDGRID_WEBHOOK_PUBLIC_KEY: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEreal',
  TELNYX_WEBHOOK_PUBLIC_KEY: 'cmVhbC10ZWxueXgta2V5LWZyb20tdGhlLXBvcnRhbA==',
  INBOUND_PARSE_SECRET: 'a'.repeat(64),
  COMPAT_WEBHOOK_SECRET: 'b'.repeat(64),
  UNSUBSCRIBE_SECRET: 'c'.repeat(64),
  S3_BUCKET: 'acme-switchboard-media',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(webhookIngestConfigSchema, env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('webhook-ingest configuration in production', () => {
  it('starts with real secrets and verification on', () => {
    expect(problemsOf({ ENVIRONMENT: 'production', ...real })).toEqual([]);
  });

  it("refuses provider-sandbox's secrets and names each one", () => {
    const problems = problemsOf({ ENVIRONMENT: 'production' });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'TWILIO_AUTH_TOKEN',
      'SENDGRID_WEBHOOK_PUBLIC_KEY',
      'TELNYX_WEBHOOK_PUBLIC_KEY',
      'INBOUND_PARSE_SECRET',
      'COMPAT_WEBHOOK_SECRET',
      'UNSUBSCRIBE_SECRET',
      'S3_BUCKET',
    ]);
    const text = problems.join('\n');
    for (const secret of [
      SANDBOX_TWILIO_AUTH_TOKEN,
      SANDBOX_WEBHOOK_SECRET,
      SANDBOX_SENDGRID_WEBHOOK_KEYS.publicKey,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses to turn signature verification off', () => {
    expect(problemsOf({ ENVIRONMENT: 'production', ...real, WEBHOOK_VERIFY: 'false' })).toEqual([
      expect.stringMatching(/^WEBHOOK_VERIFY: refused in production: must be true/),
    ]);
  });

  it('refuses a sandbox secret set explicitly, too', () => {
    expect(
      problemsOf({
        ENVIRONMENT: 'production',
        ...real,
        COMPAT_WEBHOOK_SECRET: SANDBOX_WEBHOOK_SECRET,
      }),
    ).toEqual([expect.stringMatching(/^COMPAT_WEBHOOK_SECRET: /)]);
  });

  it('is production unless development is chosen: unset ENVIRONMENT refuses the sandbox secrets', () => {
    expect(problemsOf({}).map((p) => p.split(':')[0])).toEqual([
      'TWILIO_AUTH_TOKEN',
      'SENDGRID_WEBHOOK_PUBLIC_KEY',
      'TELNYX_WEBHOOK_PUBLIC_KEY',
      'INBOUND_PARSE_SECRET',
      'COMPAT_WEBHOOK_SECRET',
      'UNSUBSCRIBE_SECRET',
      'S3_BUCKET',
    ]);
  });

  it('refuses shared secrets shorter than 32 bytes', () => {
    expect(
      problemsOf({
        ENVIRONMENT: 'production',
        ...real,
        INBOUND_PARSE_SECRET: 'x'.repeat(31),
        COMPAT_WEBHOOK_SECRET: 'é'.repeat(15),
      }),
    ).toEqual([
      expect.stringMatching(
        /^INBOUND_PARSE_SECRET: refused in production: must be at least 32 bytes/,
      ),
      expect.stringMatching(
        /^COMPAT_WEBHOOK_SECRET: refused in production: must be at least 32 bytes/,
      ),
    ]);
  });

  it('keeps development and test runnable on the sandbox defaults, verification off included', () => {
    expect(problemsOf({ ENVIRONMENT: 'development' })).toEqual([]);
    expect(problemsOf({ ENVIRONMENT: 'test', WEBHOOK_VERIFY: 'false' })).toEqual([]);
  });
});
