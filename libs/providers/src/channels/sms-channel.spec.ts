import { randomUUID } from 'node:crypto';
import type { ChannelSender, DispatchCommand } from '@switchboard/contracts';
import {
  eventually,
  freePort,
  sandboxMessages,
  startApp,
  type RunningApp,
} from '@switchboard/testing';
import { statusCallbackFor } from '../callback-attempt';
import { createTwilioClient } from '../twilio/twilio-client';
import { createTwilioSmsProvider } from '../twilio/twilio-sms-provider';
import { smsChannelSender } from './sms-channel';
import { smsChannelSenders, smsProvidersEnv } from './sms-providers';

/** A process started with tsx on a loaded machine may take a while to listen. */
const READY_TIMEOUT_MS = 45_000;
const SENDER = '+15551234567';
/** Nobody listens there: the sandbox's callbacks fail, which these tests do not look at. */
const CALLBACK_BASE = 'http://127.0.0.1:9/api/v1/webhooks/twilio';

let sandbox: RunningApp;
let recipientCount = 0;
/** A recipient no other test sends to, so the sandbox's records can be told apart. */
const newRecipient = () => `+1555700${String((recipientCount += 1)).padStart(4, '0')}`;

beforeAll(async () => {
  sandbox = startApp('provider-sandbox', await freePort(), {
    ENVIRONMENT: 'test',
    SANDBOX_SMTP_PORT: String(await freePort()),
  });
  await eventually(
    () => fetch(`${sandbox.url}/health`).then((res) => res.ok),
    (ok) => ok,
    { timeoutMs: READY_TIMEOUT_MS, what: 'provider-sandbox health' },
  ).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${sandbox.output()}`);
  });
}, READY_TIMEOUT_MS + 15_000);

afterAll(async () => {
  await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' }).catch(() => undefined);
  await sandbox?.stop();
});

/** The SMS channel's sender over the real Twilio SDK, pointed at the sandbox. */
function twilioAdapter(options: { statusCallbackUrl?: string } = {}): ChannelSender {
  const client = createTwilioClient({
    accountSid: 'ACtest00000000000000000000000000000',
    authToken: 'sandbox-twilio-token',
    baseUrl: sandbox.url,
    timeoutMs: 5_000,
  });
  return smsChannelSender(createTwilioSmsProvider(client), {
    statusCallbackUrl: options.statusCallbackUrl,
  });
}

function command(overrides: Partial<DispatchCommand> = {}): DispatchCommand {
  return {
    message_id: randomUUID(),
    tenant_id: 'tenant-sms-channel-spec',
    conversation_id: randomUUID(),
    category: 'marketing',
    type: 'sms',
    from: SENDER,
    to: newRecipient(),
    subject: null,
    body: 'hello from the sms channel',
    attachments: [],
    accepted_at: new Date().toISOString(),
    sequence: 1,
    generation: 0,
    ...overrides,
  };
}

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandbox.url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

async function failureOf(adapter: ChannelSender, sms: DispatchCommand): Promise<unknown> {
  return adapter.send(sms).then(
    () => {
      throw new Error('the send was expected to fail');
    },
    (err: unknown) => err,
  );
}

describe('smsChannelSender over Twilio (provider-sandbox)', () => {
  it('sends the SMS and asks for status callbacks about this message and attempt', async () => {
    const sms = command({ generation: 2 });
    const sent = await twilioAdapter({ statusCallbackUrl: CALLBACK_BASE }).send(sms);

    expect(sent.provider).toBe('twilio');
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const [record, ...others] = await sandboxMessages(sandbox.url, { to: sms.to });
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      provider: 'twilio',
      channel: 'sms',
      from: SENDER,
      to: sms.to,
      body: sms.body,
      media: [],
      provider_message_id: sent.providerMessageId,
      status_callback: statusCallbackFor(CALLBACK_BASE, sms.message_id, 2),
    });
  });

  it('asks for no callbacks when it has no callback URL', async () => {
    const sms = command();
    await twilioAdapter().send(sms);
    const [record] = await sandboxMessages(sandbox.url, { to: sms.to });
    expect(record).toMatchObject({ to: sms.to, status_callback: null });
  });

  it('sends an MMS with its media, and an SMS without any', async () => {
    const media = ['https://media.example.com/a.png', 'https://media.example.com/b.jpg'];
    const mms = command({ type: 'mms', attachments: media });
    const sms = command({ attachments: media });
    const adapter = twilioAdapter();
    await adapter.send(mms);
    await adapter.send(sms);

    expect((await sandboxMessages(sandbox.url, { to: mms.to }))[0]?.media).toEqual(media);
    expect((await sandboxMessages(sandbox.url, { to: sms.to }))[0]?.media).toEqual([]);
  });

  it('classifies what Twilio refuses as permanent and what it cannot do now as retryable', async () => {
    const refused = command();
    const unavailable = command();
    await fault({ provider: 'twilio', mode: 'error', status: 400, to: refused.to, times: 1 });
    await fault({ provider: 'twilio', mode: 'error', status: 503, to: unavailable.to, times: 1 });
    const adapter = twilioAdapter();

    expect(adapter.classify(await failureOf(adapter, refused))).toMatchObject({
      provider: 'twilio',
      retryable: false,
    });
    expect(adapter.classify(await failureOf(adapter, unavailable))).toMatchObject({
      provider: 'twilio',
      retryable: true,
    });
  });

  it('finds a message Twilio already accepted, for a dispatch that lost track of it', async () => {
    const since = new Date();
    const sms = command();
    const adapter = twilioAdapter();
    const sent = await adapter.send(sms);

    expect(adapter.findSent).toBeDefined();
    expect(await adapter.findSent!(sms, since)).toEqual([
      {
        provider: 'twilio',
        providerMessageId: sent.providerMessageId,
        providerStatus: expect.any(String),
      },
    ]);
    expect(await adapter.findSent!(command({ to: sms.to, body: 'something else' }), since)).toEqual(
      [],
    );
  });
});

describe('smsChannelSenders: the SMS providers SMS_PROVIDERS names', () => {
  const configured = (env: Record<string, string>) => ({
    ENVIRONMENT: 'test' as const,
    ...smsProvidersEnv.parse({
      TWILIO_BASE_URL: sandbox.url,
      TELNYX_BASE_URL: sandbox.url,
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      ...env,
    }),
  });

  it('are built in the configured order, and only Twilio is asked for status callbacks', async () => {
    const senders = smsChannelSenders(configured({ SMS_PROVIDERS: 'telnyx,twilio' }));
    expect(senders.map((s) => s.name)).toEqual(['telnyx', 'twilio']);

    const [telnyx, twilio] = senders;
    const viaTelnyx = command({ generation: 1 });
    const viaTwilio = command({ generation: 1 });
    expect(await telnyx!.send(viaTelnyx)).toMatchObject({ provider: 'telnyx' });
    expect(await twilio!.send(viaTwilio)).toMatchObject({ provider: 'twilio' });

    expect(await sandboxMessages(sandbox.url, { to: viaTelnyx.to })).toEqual([
      expect.objectContaining({ provider: 'telnyx', status_callback: null }),
    ]);
    expect(await sandboxMessages(sandbox.url, { to: viaTwilio.to })).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        status_callback: statusCallbackFor(
          'http://127.0.0.1:9/api/v1/webhooks/twilio',
          viaTwilio.message_id,
          1,
        ),
      }),
    ]);
  });

  it('asks Twilio for no callbacks when STATUS_CALLBACKS is off', async () => {
    const [twilio] = smsChannelSenders(
      configured({ SMS_PROVIDERS: 'twilio', STATUS_CALLBACKS: 'false' }),
    );
    const sms = command();
    await twilio!.send(sms);
    expect(await sandboxMessages(sandbox.url, { to: sms.to })).toEqual([
      expect.objectContaining({ provider: 'twilio', status_callback: null }),
    ]);
  });
});
