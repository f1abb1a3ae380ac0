// Status callbacks and event webhooks, received by a local stand-in for our webhook endpoints
// and checked with the same verifiers webhook-ingest uses.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_SENDGRID_WEBHOOK_KEYS } from '@switchboard/config';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  sendGridPublicKey,
  verifySendGridSignature,
  verifyTwilioSignature,
} from '@switchboard/providers';
import { eventually } from '@switchboard/testing';
import type { SandboxMessage } from '../src/sandbox-message';
import { startTestSandbox, type TestSandbox } from './start-sandbox';
import { formOf, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const EVENTS_PATH = '/api/v1/webhooks/sendgrid';

let events: WebhookReceiver;
let sandbox: TestSandbox;

beforeAll(async () => {
  events = await startWebhookReceiver();
  sandbox = await startTestSandbox({
    SANDBOX_CALLBACKS: 'true',
    SANDBOX_CALLBACK_DELAY_MS: '5',
    SANDBOX_CALLBACK_RETRY_MS: '10',
    SANDBOX_CALLBACK_ATTEMPTS: '3',
    SANDBOX_CALLBACK_TIMEOUT_MS: '10000',
    SANDBOX_SENDGRID_EVENT_WEBHOOK_URL: `${events.origin}${EVENTS_PATH}`,
  });
});
afterAll(async () => {
  await sandbox.stop();
  await events.stop();
});
beforeEach(async () => {
  await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
  events.received.length = 0;
});

async function sendSms(to: string, statusCallback: string): Promise<string> {
  const { SANDBOX_TWILIO_ACCOUNT_SID: sid, SANDBOX_TWILIO_AUTH_TOKEN: token } = sandbox.config;
  const res = await fetch(`${sandbox.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      To: to,
      From: '+15559870000',
      Body: 'hello',
      StatusCallback: statusCallback,
    }).toString(),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { sid: string }).sid;
}

async function stored(): Promise<SandboxMessage[]> {
  return (await (await fetch(`${sandbox.url}/sandbox/messages`)).json()) as SandboxMessage[];
}

/** The stored record once it shows `count` callback attempts. */
function recordWithCallbacks(count: number): Promise<SandboxMessage> {
  return eventually(
    async () => (await stored())[0],
    (m) => (m?.callbacks.length ?? 0) >= count,
    { timeoutMs: 5_000, intervalMs: 20, what: `${count} callback attempts` },
  ) as Promise<SandboxMessage>;
}

describe('Twilio status callbacks', () => {
  let receiver: WebhookReceiver;
  afterEach(() => receiver.stop());

  it('posts sent then delivered, form-encoded and signed over the callback URL', async () => {
    receiver = await startWebhookReceiver();
    const url = `${receiver.origin}/api/v1/webhooks/twilio?tenant=t1`;
    const sid = await sendSms('+15551230001', url);

    const [sent, delivered] = await receiver.waitFor(2);
    for (const callback of [sent!, delivered!]) {
      expect(callback.path).toBe('/api/v1/webhooks/twilio?tenant=t1');
      expect(callback.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const signature = String(callback.headers['x-twilio-signature']);
      expect(
        verifyTwilioSignature(
          sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
          signature,
          url,
          formOf(callback),
        ),
      ).toBe(true);
      expect(verifyTwilioSignature('another-token', signature, url, formOf(callback))).toBe(false);
    }
    expect(formOf(sent!)).toEqual({
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
      From: '+15559870000',
      To: '+15551230001',
      MessageStatus: 'sent',
      SmsStatus: 'sent',
      ApiVersion: '2010-04-01',
    });
    expect(formOf(delivered!)).toMatchObject({ MessageSid: sid, MessageStatus: 'delivered' });
    expect(formOf(delivered!)).not.toHaveProperty('ErrorCode');

    const record = await recordWithCallbacks(2);
    expect(record.callbacks).toEqual([
      { status: 'sent', attempt: 1, http_status: 200, error: null, at: expect.any(String) },
      { status: 'delivered', attempt: 1, http_status: 200, error: null, at: expect.any(String) },
    ]);
  });

  it('reports a carrier failure with ErrorCode and ErrorMessage for the failing test number', async () => {
    receiver = await startWebhookReceiver();
    await sendSms('+15005553003', `${receiver.origin}/status`);
    const [sent, undelivered] = await receiver.waitFor(2);
    expect(formOf(sent!).MessageStatus).toBe('sent');
    expect(formOf(undelivered!)).toMatchObject({
      MessageStatus: 'undelivered',
      SmsStatus: 'undelivered',
      ErrorCode: '30003',
      ErrorMessage: 'Unreachable destination handset',
    });
  });

  it('retries a callback answered with 5xx, with the same idempotency token, and records each try', async () => {
    receiver = await startWebhookReceiver([500, 503, 200]);
    await sendSms('+15551230002', `${receiver.origin}/status`);
    const attempts = await receiver.waitFor(4);
    expect(attempts.map((a) => [formOf(a).MessageStatus, a.status])).toEqual([
      ['sent', 500],
      ['sent', 503],
      ['sent', 200],
      ['delivered', 200],
    ]);
    const tokens = new Set(
      attempts.slice(0, 3).map((a) => a.headers['i-twilio-idempotency-token']),
    );
    expect(tokens.size).toBe(1);

    const record = await recordWithCallbacks(4);
    expect(record.callbacks.map((c) => [c.status, c.attempt, c.http_status])).toEqual([
      ['sent', 1, 500],
      ['sent', 2, 503],
      ['sent', 3, 200],
      ['delivered', 1, 200],
    ]);
  });

  it('gives up after the configured attempts with one log line, and goes on to the next status', async () => {
    receiver = await startWebhookReceiver([500]);
    const sid = await sendSms('+15551230003', `${receiver.origin}/status`);
    await receiver.waitFor(6);

    const record = await recordWithCallbacks(6);
    expect(record.callbacks.map((c) => [c.status, c.attempt, c.http_status])).toEqual([
      ['sent', 1, 500],
      ['sent', 2, 500],
      ['sent', 3, 500],
      ['delivered', 1, 500],
      ['delivered', 2, 500],
      ['delivered', 3, 500],
    ]);
    const givenUp = sandbox
      .logs()
      .filter((line) => line.msg === 'webhook given up' && line.provider_message_id === sid);
    expect(givenUp.map((line) => [line.status, line.attempts, line.http_status])).toEqual([
      ['sent', 3, 500],
      ['delivered', 3, 500],
    ]);
    expect(JSON.stringify(givenUp)).not.toContain('15551230003');
  });

  it('records a connection error when nothing listens at the callback URL', async () => {
    receiver = await startWebhookReceiver();
    const closedOrigin = receiver.origin;
    await receiver.stop();
    await sendSms('+15551230004', `${closedOrigin}/status`);
    const record = await recordWithCallbacks(6);
    expect(record.callbacks[0]).toMatchObject({
      status: 'sent',
      http_status: null,
      error: 'ECONNREFUSED',
    });
  });
});

describe('Twilio MMS media', () => {
  let receiver: WebhookReceiver;
  let media: Server;
  let mediaOrigin: string;
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]);
  beforeAll(async () => {
    media = createServer((req, res) => {
      if (req.url === '/photo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else res.writeHead(404).end();
    });
    media.listen(0, '127.0.0.1');
    await once(media, 'listening');
    mediaOrigin = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => media.close(() => r())));
  afterEach(() => receiver.stop());

  const sendMms = async (to: string, mediaUrls: string[]) => {
    const { SANDBOX_TWILIO_ACCOUNT_SID: sid, SANDBOX_TWILIO_AUTH_TOKEN: token } = sandbox.config;
    const form = new URLSearchParams({
      To: to,
      From: '+15559870000',
      StatusCallback: `${receiver.origin}/status`,
    });
    for (const url of mediaUrls) form.append('MediaUrl', url);
    const res = await fetch(`${sandbox.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
    expect(res.status).toBe(201);
  };

  it('fetches each MediaUrl and records the sha256, size and type of its bytes', async () => {
    receiver = await startWebhookReceiver();
    await sendMms('+15551230011', [`${mediaOrigin}/photo.png`]);
    const [record] = await stored();
    expect(record!.media_files).toEqual([
      {
        url: `${mediaOrigin}/photo.png`,
        http_status: 200,
        error: null,
        sha256: createHash('sha256').update(png).digest('hex'),
        size: png.length,
        content_type: 'image/png',
      },
    ]);
    const [sent, delivered] = await receiver.waitFor(2);
    expect([formOf(sent!).MessageStatus, formOf(delivered!).MessageStatus]).toEqual([
      'sent',
      'delivered',
    ]);
  });

  it('fails the message with 11200 when a MediaUrl does not answer 200, as Twilio does', async () => {
    receiver = await startWebhookReceiver();
    await sendMms('+15551230012', [`${mediaOrigin}/photo.png`, `${mediaOrigin}/gone.png`]);
    const [record] = await stored();
    expect(record!.media_files?.map((f) => [f.http_status, f.error])).toEqual([
      [200, null],
      [404, 'answered 404'],
    ]);
    const [failed] = await receiver.waitFor(1);
    expect(formOf(failed!)).toMatchObject({
      MessageStatus: 'failed',
      ErrorCode: '11200',
      ErrorMessage: 'HTTP retrieval failure',
    });
    const record2 = await recordWithCallbacks(1);
    expect(record2.callbacks.map((c) => c.status)).toEqual(['failed']);
  });
});

describe('SendGrid Event Webhook', () => {
  const publicKey = sendGridPublicKey(SANDBOX_SENDGRID_WEBHOOK_KEYS.publicKey);

  it('posts signed processed and delivered batches per recipient, with custom args on top', async () => {
    const res = await fetch(`${sandbox.url}/v3/mail/send`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sandbox.config.SANDBOX_SENDGRID_API_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        personalizations: [{ to: [{ email: 'ada@example.com' }, { email: 'bob@example.com' }] }],
        from: { email: 'noreply@switchboard.test' },
        subject: 'Hi',
        content: [{ type: 'text/plain', value: 'Hello' }],
        custom_args: { switchboard_message_id: 'msg_1' },
        categories: ['receipts'],
      }),
    });
    expect(res.status).toBe(202);
    const messageId = res.headers.get('x-message-id')!;

    const batches = await events.waitFor(2);
    const parsed = batches.map((batch) => {
      expect(batch.path).toBe(EVENTS_PATH);
      expect(batch.headers['content-type']).toBe('application/json');
      const signature = String(batch.headers[SENDGRID_SIGNATURE_HEADER]);
      const timestamp = String(batch.headers[SENDGRID_TIMESTAMP_HEADER]);
      expect(timestamp).toMatch(/^\d{10}$/);
      expect(verifySendGridSignature(publicKey, batch.raw, signature, timestamp)).toBe(true);
      expect(
        verifySendGridSignature(publicKey, `${batch.raw.toString()} `, signature, timestamp),
      ).toBe(false);
      return JSON.parse(batch.raw.toString('utf8')) as Record<string, unknown>[];
    });

    expect(parsed.map((batch) => batch.map((e) => [e.event, e.email]))).toEqual([
      [
        ['processed', 'ada@example.com'],
        ['processed', 'bob@example.com'],
      ],
      [
        ['delivered', 'ada@example.com'],
        ['delivered', 'bob@example.com'],
      ],
    ]);
    const all = parsed.flat();
    for (const event of all) {
      expect(event).toMatchObject({
        timestamp: expect.any(Number),
        'smtp-id': expect.stringMatching(/^<.+>$/),
        category: 'receipts',
        switchboard_message_id: 'msg_1',
        sg_event_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        sg_message_id: expect.stringMatching(new RegExp(`^${messageId}\\.filterdrecv-`)),
      });
    }
    expect(new Set(all.map((e) => e.sg_event_id)).size).toBe(4);

    const records = await eventually(
      stored,
      (list) => list.length === 2 && list.every((m) => m.callbacks.length === 2),
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    expect(records[1]!.callbacks.map((c) => [c.status, c.http_status])).toEqual([
      ['processed', 200],
      ['delivered', 200],
    ]);
  });
});

describe('with callbacks switched off', () => {
  it('posts nothing', async () => {
    const receiver = await startWebhookReceiver();
    const quiet = await startTestSandbox({
      SANDBOX_CALLBACKS: 'false',
      SANDBOX_CALLBACK_DELAY_MS: '0',
      SANDBOX_SENDGRID_EVENT_WEBHOOK_URL: `${receiver.origin}${EVENTS_PATH}`,
    });
    try {
      const { SANDBOX_TWILIO_ACCOUNT_SID: sid, SANDBOX_TWILIO_AUTH_TOKEN: token } = quiet.config;
      const res = await fetch(`${quiet.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `To=%2B15551230001&From=%2B15559870000&Body=x&StatusCallback=${encodeURIComponent(`${receiver.origin}/s`)}`,
      });
      expect(res.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(receiver.received).toEqual([]);
    } finally {
      await quiet.stop();
      await receiver.stop();
    }
  });
});
