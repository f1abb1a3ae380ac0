import type { SandboxMessage } from '../src/sandbox-message';
import { startTestSandbox, type TestSandbox } from './start-sandbox';

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** One sandbox for a spec file, and the calls its tests make to it the way the vendors' clients do. */
export class SandboxFixture {
  sandbox!: TestSandbox;

  /** Posts a form to Twilio's Messages API, with the sandbox's account credentials by default. */
  readonly twilioPost = (form: string, options: { sid?: string; auth?: string | null } = {}) => {
    const { sandbox } = this;
    const sid = options.sid ?? sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID;
    const auth =
      options.auth === undefined
        ? basic(sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID, sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN)
        : options.auth;
    return fetch(`${sandbox.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(auth ? { authorization: auth } : {}),
      },
      body: form,
    });
  };

  /** Posts to SendGrid's mail/send, with the sandbox's API key by default. */
  readonly sendGridPost = (
    body: unknown,
    key: string | null = this.sandbox.config.SANDBOX_SENDGRID_API_KEY,
  ) => {
    const { sandbox } = this;
    return fetch(`${sandbox.url}/v3/mail/send`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  };

  /** What the sandbox recorded, through its inspection API. */
  readonly inspect = async (query = ''): Promise<SandboxMessage[]> => {
    const { sandbox } = this;
    const res = await fetch(`${sandbox.url}/sandbox/messages${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as SandboxMessage[];
  };
}

/** Starts the sandbox before the file's tests, clears its messages before each, stops it after. */
export function useSandboxFixture(): SandboxFixture {
  const fixture = new SandboxFixture();
  beforeAll(async () => {
    fixture.sandbox = await startTestSandbox();
  });
  afterAll(() => fixture.sandbox.stop());
  beforeEach(async () => {
    await fetch(`${fixture.sandbox.url}/sandbox/messages`, { method: 'DELETE' });
  });
  return fixture;
}

/** A SendGrid mail/send body with a plain and an HTML part. */
export const mail = {
  personalizations: [{ to: [{ email: 'ada@example.com' }] }],
  from: { email: 'noreply@switchboard.test', name: 'Switchboard' },
  subject: 'Hello',
  content: [
    { type: 'text/plain', value: 'Hi Ada' },
    { type: 'text/html', value: '<p>Hi Ada</p>' },
  ],
};
