// The SMTP receiver, driven by nodemailer through our SMTP adapter.
import {
  ProviderError,
  createSmtpEmailProvider,
  createSmtpTransport,
  type SmtpEmailProvider,
} from '@switchboard/providers';
import type { SandboxMessage } from '../src/sandbox-message';
import { startTestSandbox, type TestSandbox } from './start-sandbox';

let sandbox: TestSandbox;
const providers: SmtpEmailProvider[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox({ SANDBOX_FAULT_TIMEOUT_MS: '2000' });
});
afterAll(async () => {
  for (const provider of providers) provider.close();
  await sandbox.stop();
});
beforeEach(async () => {
  await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
});

function smtp(options: { password?: string; timeoutMs?: number } = {}): SmtpEmailProvider {
  const provider = createSmtpEmailProvider(
    createSmtpTransport({
      host: '127.0.0.1',
      port: sandbox.smtpPort,
      user: sandbox.config.SANDBOX_SMTP_USER,
      password: options.password ?? sandbox.config.SANDBOX_SMTP_PASSWORD,
      timeoutMs: options.timeoutMs ?? 2_000,
    }),
  );
  providers.push(provider);
  return provider;
}

const email = {
  messageId: '01990000-0000-7000-8000-000000000001',
  from: 'Switchboard <noreply@switchboard.test>',
  to: 'ada@example.com',
  subject: 'Your receipt',
  html: '<p>Thanks!</p>',
  text: 'Thanks!',
  attachmentUrls: ['https://cdn.test/files/receipt.pdf'],
};

async function stored(): Promise<SandboxMessage[]> {
  return (await (await fetch(`${sandbox.url}/sandbox/messages`)).json()) as SandboxMessage[];
}

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandbox.url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function failure(provider: SmtpEmailProvider): Promise<ProviderError> {
  const err = await provider.send(email).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('mail sent through createSmtpEmailProvider', () => {
  it('is recorded with provider smtp, its Message-ID and our id header', async () => {
    const result = await smtp().send(email);
    expect(result).toEqual({
      provider: 'smtp',
      providerMessageId: expect.stringMatching(/^<.+>$/),
      providerStatus: '250',
    });

    const [record, ...rest] = await stored();
    expect(rest).toEqual([]);
    expect(record).toEqual({
      provider: 'smtp',
      channel: 'email',
      from: 'noreply@switchboard.test',
      to: 'ada@example.com',
      subject: 'Your receipt',
      body: expect.stringContaining('Thanks!'),
      html: expect.stringContaining('<p>Thanks!</p>'),
      media: [],
      provider_message_id: result.providerMessageId,
      status_callback: null,
      custom_args: { 'x-switchboard-message-id': email.messageId },
      received_at: expect.any(String),
      callbacks: [],
    });
    // Attachments travel as links, as with SendGrid.
    expect(record!.body).toContain('receipt.pdf: https://cdn.test/files/receipt.pdf');
    expect(record!.html).toContain('<a href="https://cdn.test/files/receipt.pdf">receipt.pdf</a>');
  });

  it('sends one mail after another through the same provider', async () => {
    const provider = smtp();
    await provider.send(email);
    await provider.send({ ...email, to: 'bob@example.com' });
    expect((await stored()).map((m) => m.to)).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('is refused with a permanent 535 for a wrong password', async () => {
    const err = await failure(smtp({ password: 'wrong' }));
    expect(err.retryable).toBe(false);
    expect(err.details.code).toBe('535');
    expect(await stored()).toEqual([]);
  });
});

describe('SMTP faults', () => {
  it('answers a 5xx error fault with a transient 451, which is retryable', async () => {
    await fault({ provider: 'smtp', mode: 'error' });
    const err = await failure(smtp());
    expect(err).toMatchObject({ provider: 'smtp', retryable: true, details: { code: '451' } });
    expect(await stored()).toEqual([]);
  });

  it('answers a 4xx error fault with a permanent 550', async () => {
    await fault({ provider: 'smtp', mode: 'error', status: 400 });
    const err = await failure(smtp());
    expect(err).toMatchObject({ retryable: false, details: { code: '550' } });
  });

  it('answers a rate limit with 421, which is retryable', async () => {
    await fault({ provider: 'smtp', mode: 'rate_limit' });
    const err = await failure(smtp());
    expect(err).toMatchObject({ retryable: true, details: { code: '421' } });
  });

  it('leaves DATA unanswered on a timeout, so the client times out (retryable)', async () => {
    await fault({ provider: 'smtp', mode: 'timeout' });
    const err = await failure(smtp({ timeoutMs: 300 }));
    expect(err.retryable).toBe(true);
    expect(err.details.code).toBe('ETIMEDOUT');
    expect(await stored()).toEqual([]);
  });

  it('accepts after the configured latency', async () => {
    await fault({ provider: 'smtp', mode: 'latency', latency_ms: 200 });
    const started = performance.now();
    await smtp().send(email);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(await stored()).toHaveLength(1);
  });
});
