// Injected faults as the real SDKs, and our adapters around them, see them.
import { APIConnectionError, InternalServerError, RateLimitError } from 'telnyx';
import { ProviderError, createTelnyxSmsProvider } from '@switchboard/providers';
import type { SandboxMessage } from '../src/sandbox-message';
import { sendGridClient, telnyxClient, twilioClient } from './sdk-clients';
import { startTestSandbox, type TestSandbox } from './start-sandbox';

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox({ SANDBOX_FAULT_TIMEOUT_MS: '2000' });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
});

function setFault(body: Record<string, unknown>) {
  return fetch(`${sandbox.url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await setFault(body);
  expect(res.status).toBe(200);
}

async function stored(): Promise<SandboxMessage[]> {
  return (await (await fetch(`${sandbox.url}/sandbox/messages`)).json()) as SandboxMessage[];
}

const sms = { to: '+15551230001', from: '+15559870000', body: 'hello' };
const mail = {
  to: 'ada@example.com',
  from: 'noreply@switchboard.test',
  subject: 'Hi',
  text: 'Hello',
};
const telnyxSms = { to: '+15551230001', from: '+15559870000', text: 'hello' };

/** How long `run` took, in milliseconds. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

describe('/sandbox/faults', () => {
  it('shows every provider and the global setting, none by default', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/faults`);
    expect(await res.json()).toEqual({
      '*': { mode: 'none', rate: 1 },
      twilio: { mode: 'none', rate: 1 },
      telnyx: { mode: 'none', rate: 1 },
      sendgrid: { mode: 'none', rate: 1 },
      smtp: { mode: 'none', rate: 1 },
      recipients: [],
    });
  });

  it('answers a change with the new settings, and mode none clears one', async () => {
    const res = await setFault({ provider: 'twilio', mode: 'error', rate: 0.5 });
    expect(await res.json()).toMatchObject({
      twilio: { mode: 'error', status: 500, rate: 0.5 },
      sendgrid: { mode: 'none', rate: 1 },
    });
    const cleared = await setFault({ provider: 'twilio', mode: 'none' });
    expect(await cleared.json()).toMatchObject({ twilio: { mode: 'none', rate: 1 } });
  });

  it.each([
    ['an unknown provider', { provider: 'vonage', mode: 'error' }, 'provider'],
    ['an unknown mode', { provider: 'twilio', mode: 'explode' }, 'mode'],
    ['latency without latency_ms', { provider: 'twilio', mode: 'latency' }, 'latency_ms'],
    ['a rate above 1', { provider: 'twilio', mode: 'error', rate: 2 }, 'rate'],
    ['a status that is no error', { provider: 'twilio', mode: 'error', status: 200 }, 'status'],
    ['a status without mode error', { provider: 'twilio', mode: 'timeout', status: 500 }, 'status'],
  ])('rejects %s as problem+json', async (_case, body, field) => {
    const res = await setFault(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });
});

describe('twilio SDK', () => {
  it('sees an error fault as RestException 500, and nothing is accepted', async () => {
    await fault({ provider: 'twilio', mode: 'error' });
    await expect(twilioClient(sandbox).messages.create(sms)).rejects.toMatchObject({
      status: 500,
      code: 20500,
    });
    expect(await stored()).toEqual([]);
  });

  it('sees an error fault with status 400 as the permanent 21211 (invalid To)', async () => {
    await fault({ provider: 'twilio', mode: 'error', status: 400 });
    await expect(twilioClient(sandbox).messages.create(sms)).rejects.toMatchObject({
      status: 400,
      code: 21211,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
  });

  it('sees a rate limit as RestException 429, sent with Retry-After: 1', async () => {
    await fault({ provider: 'twilio', mode: 'rate_limit' });
    await expect(twilioClient(sandbox).messages.create(sms)).rejects.toMatchObject({
      status: 429,
      code: 20429,
    });
    const { SANDBOX_TWILIO_ACCOUNT_SID: sid, SANDBOX_TWILIO_AUTH_TOKEN: token } = sandbox.config;
    const raw = await fetch(`${sandbox.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` },
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
  });

  it('still checks credentials first: a bad token is a 401, not the fault', async () => {
    await fault({ provider: 'twilio', mode: 'error' });
    await expect(
      twilioClient(sandbox, { authToken: 'wrong' }).messages.create(sms),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('times out on a held request with the client’s own timeout error', async () => {
    await fault({ provider: 'twilio', mode: 'timeout' });
    const elapsed = await timed(() =>
      expect(twilioClient(sandbox, { timeoutMs: 300 }).messages.create(sms)).rejects.toMatchObject({
        code: 'ECONNABORTED',
        message: expect.stringMatching(/timeout/i),
      }),
    );
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(await stored()).toEqual([]);
  });

  it('answers normally after the configured latency', async () => {
    await fault({ provider: 'twilio', mode: 'latency', latency_ms: 200 });
    let sid = '';
    const elapsed = await timed(async () => {
      sid = (await twilioClient(sandbox).messages.create(sms)).sid;
    });
    expect(elapsed).toBeGreaterThanOrEqual(195);
    expect((await stored()).map((m) => m.provider_message_id)).toEqual([sid]);
  });

  it('never applies a fault with rate 0', async () => {
    await fault({ provider: 'twilio', mode: 'error', rate: 0 });
    await twilioClient(sandbox).messages.create(sms);
    await twilioClient(sandbox).messages.create(sms);
    expect(await stored()).toHaveLength(2);
  });
});

describe('@sendgrid/mail SDK', () => {
  it('sees an error fault as an error with the status and SendGrid errors', async () => {
    await fault({ provider: 'sendgrid', mode: 'error', status: 503 });
    await expect(sendGridClient(sandbox).send(mail)).rejects.toMatchObject({
      code: 503,
      response: { body: { errors: [{ message: 'Service Unavailable' }] } },
    });
  });

  it('sees a rate limit as a 429 with Retry-After', async () => {
    await fault({ provider: 'sendgrid', mode: 'rate_limit' });
    await expect(sendGridClient(sandbox).send(mail)).rejects.toMatchObject({
      code: 429,
      response: { headers: expect.objectContaining({ 'retry-after': '1' }) },
    });
  });

  it('leaves other providers alone', async () => {
    await fault({ provider: 'sendgrid', mode: 'error' });
    await twilioClient(sandbox).messages.create(sms);
    expect(await stored()).toHaveLength(1);
  });
});

describe('telnyx SDK', () => {
  it('sees an error fault as InternalServerError', async () => {
    await fault({ provider: 'telnyx', mode: 'error' });
    await expect(telnyxClient(sandbox).messages.send(telnyxSms)).rejects.toBeInstanceOf(
      InternalServerError,
    );
  });

  it('sees a rate limit as RateLimitError with Retry-After', async () => {
    await fault({ provider: 'telnyx', mode: 'rate_limit' });
    const failure = telnyxClient(sandbox).messages.send(telnyxSms);
    await expect(failure).rejects.toBeInstanceOf(RateLimitError);
    const err = (await failure.catch((e: unknown) => e)) as RateLimitError;
    expect(err.headers.get('retry-after')).toBe('1');
    expect(err.error).toMatchObject({ errors: [{ code: '10011' }] });
  });

  it('times out on a held request with a connection error', async () => {
    await fault({ provider: 'telnyx', mode: 'timeout' });
    // APIConnectionTimeoutError under plain Node; Jest's separate realm hides the AbortError's
    // identity from the SDK, which then reports its parent class.
    const elapsed = await timed(() =>
      expect(
        telnyxClient(sandbox, { timeoutMs: 300 }).messages.send(telnyxSms),
      ).rejects.toBeInstanceOf(APIConnectionError),
    );
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });
});

describe('the telnyx adapter', () => {
  // Calls that should be answered get room for a busy machine; only the hanging one times out.
  const adapter = (timeoutMs = 10_000) =>
    createTelnyxSmsProvider(telnyxClient(sandbox, { timeoutMs }));
  const outbound = { messageId: 'msg_1', ...sms, mediaUrls: [] };

  it('sends through the sandbox', async () => {
    const result = await adapter().send(outbound);
    expect(result).toEqual({
      provider: 'telnyx',
      providerMessageId: expect.any(String),
      providerStatus: 'queued',
    });
    expect((await stored()).map((m) => m.provider_message_id)).toEqual([result.providerMessageId]);
  });

  it.each([
    [
      'a rate limit',
      { mode: 'rate_limit' },
      { retryable: true, httpStatus: 429, retryAfterMs: 1000 },
    ],
    ['a 500', { mode: 'error' }, { retryable: true, httpStatus: 500, code: '10007' }],
    ['a 400', { mode: 'error', status: 400 }, { retryable: false, httpStatus: 400, code: '40310' }],
    ['a timeout', { mode: 'timeout' }, { retryable: true }],
  ])('classifies %s', async (_case, setting, expected) => {
    await fault({ provider: 'telnyx', ...setting });
    const err = (await adapter(setting.mode === 'timeout' ? 300 : undefined)
      .send(outbound)
      .catch((e: unknown) => e)) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    const { retryable, ...details } = expected;
    expect(err.provider).toBe('telnyx');
    expect(err.retryable).toBe(retryable);
    expect(err.details).toMatchObject(details);
  });
});

describe('the global setting', () => {
  it('delays every provider, adding to a provider’s own fault', async () => {
    await fault({ provider: '*', mode: 'latency', latency_ms: 150 });
    expect(await timed(() => sendGridClient(sandbox).send(mail))).toBeGreaterThanOrEqual(145);
    expect(
      await timed(() => telnyxClient(sandbox).messages.send(telnyxSms)),
    ).toBeGreaterThanOrEqual(145);

    await fault({ provider: 'twilio', mode: 'error', status: 503 });
    const elapsed = await timed(() =>
      expect(twilioClient(sandbox).messages.create(sms)).rejects.toMatchObject({ status: 503 }),
    );
    expect(elapsed).toBeGreaterThanOrEqual(145);
  });
});
