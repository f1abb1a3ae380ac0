// Drives the sandbox with the vendors' own SDKs: if these pass, the provider adapters can
// point at the sandbox unchanged.
import { APIError as TelnyxApiError } from 'telnyx';
import type { SandboxMessage } from '../src/sandbox-message';
import { sendGridClient, telnyxClient, twilioClient as sdkTwilioClient } from './sdk-clients';
import { startTestSandbox, type TestSandbox } from './start-sandbox';

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
});

async function inspect(query = ''): Promise<SandboxMessage[]> {
  return (await (
    await fetch(`${sandbox.url}/sandbox/messages${query}`)
  ).json()) as SandboxMessage[];
}

const twilioClient = (authToken?: string) =>
  sdkTwilioClient(sandbox, authToken ? { authToken } : {});
const sendGrid = (apiKey?: string) => sendGridClient(sandbox, apiKey);

describe('twilio SDK against the sandbox', () => {
  it('creates an MMS and fetches it back', async () => {
    const client = twilioClient();
    const created = await client.messages.create({
      to: '+15551230001',
      from: '+15559870000',
      body: 'Hello from the SDK',
      mediaUrl: ['https://cdn.test/a.png', 'https://cdn.test/b.png'],
      statusCallback: 'https://hooks.test/twilio/status',
    });

    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    expect(created.accountSid).toBe(sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID);
    expect(created.numMedia).toBe('2');
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(Number.isNaN(created.dateCreated.getTime())).toBe(false);
    expect(created.errorCode).toBeNull();

    expect(await inspect()).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        channel: 'mms',
        from: '+15559870000',
        to: '+15551230001',
        body: 'Hello from the SDK',
        media: ['https://cdn.test/a.png', 'https://cdn.test/b.png'],
        provider_message_id: created.sid,
        status_callback: 'https://hooks.test/twilio/status',
      }),
    ]);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.sid).toBe(created.sid);
    expect(fetched.body).toBe('Hello from the SDK');
  });

  it('sends one media URL as MMS', async () => {
    await twilioClient().messages.create({
      to: '+15551230002',
      from: '+15559870000',
      mediaUrl: ['https://cdn.test/c.png'],
    });
    expect((await inspect()).map((m) => [m.channel, m.media])).toEqual([
      ['mms', ['https://cdn.test/c.png']],
    ]);
  });

  it('surfaces a wrong token as RestException 20003', async () => {
    await expect(
      twilioClient('wrong-token').messages.create({
        to: '+15551230001',
        from: '+15559870000',
        body: 'x',
      }),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
      moreInfo: 'https://www.twilio.com/docs/errors/20003',
    });
  });

  it('surfaces validation and unknown sids with their Twilio codes', async () => {
    const client = twilioClient();
    await expect(
      client.messages.create({ to: '+15551230001', from: '+15559870000' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21602,
    });
    await expect(
      client.messages('SM00000000000000000000000000000000').fetch(),
    ).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });
});

describe('@sendgrid/mail SDK against the sandbox', () => {
  it('sends with custom args and attachments and gets a 202 with X-Message-Id', async () => {
    const [response] = await sendGrid().send({
      to: ['ada@example.com', 'bob@example.com'],
      from: { email: 'noreply@switchboard.test', name: 'Switchboard' },
      subject: 'Your receipt',
      text: 'Thanks!',
      html: '<p>Thanks!</p>',
      attachments: [
        {
          content: Buffer.from('receipt').toString('base64'),
          filename: 'receipt.txt',
          type: 'text/plain',
        },
      ],
      customArgs: { switchboard_message_id: 'msg_123' },
    });

    expect(response.statusCode).toBe(202);
    const messageId = (response.headers as Record<string, string>)['x-message-id'];
    expect(messageId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const stored = await inspect('?provider=sendgrid');
    expect(stored.map((m) => m.to)).toEqual(['ada@example.com', 'bob@example.com']);
    expect(stored[0]).toEqual({
      provider: 'sendgrid',
      channel: 'email',
      from: 'noreply@switchboard.test',
      to: 'ada@example.com',
      subject: 'Your receipt',
      body: 'Thanks!',
      html: '<p>Thanks!</p>',
      media: ['receipt.txt'],
      provider_message_id: messageId,
      status_callback: null,
      custom_args: { switchboard_message_id: 'msg_123' },
      received_at: expect.any(String),
      callbacks: [],
    });
  });

  it('surfaces a wrong key as a 401 ResponseError with SendGrid errors', async () => {
    await expect(
      sendGrid('SG.wrong').send({
        to: 'ada@example.com',
        from: 'noreply@switchboard.test',
        subject: 's',
        text: 't',
      }),
    ).rejects.toMatchObject({
      code: 401,
      response: {
        body: {
          errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked' }],
        },
      },
    });
  });

  it('surfaces a missing subject as a 400 naming the field', async () => {
    await expect(
      sendGrid().send({ to: 'ada@example.com', from: 'noreply@switchboard.test', text: 't' }),
    ).rejects.toMatchObject({
      code: 400,
      response: { body: { errors: [expect.objectContaining({ field: 'subject' })] } },
    });
    expect(await inspect()).toEqual([]);
  });
});

describe('telnyx SDK against the sandbox', () => {
  it('sends an SMS and gets the v2 message resource back', async () => {
    const response = await telnyxClient(sandbox).messages.send({
      from: '+15559870000',
      to: '+15551230001',
      text: 'Hello from Telnyx',
    });
    const data = response.data!;
    expect(data.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(data).toMatchObject({
      record_type: 'message',
      direction: 'outbound',
      type: 'SMS',
      from: { phone_number: '+15559870000' },
      to: [{ phone_number: '+15551230001', status: 'queued' }],
      text: 'Hello from Telnyx',
      parts: 1,
      encoding: 'GSM-7',
    });

    expect(await inspect('?provider=telnyx')).toEqual([
      {
        provider: 'telnyx',
        channel: 'sms',
        from: '+15559870000',
        to: '+15551230001',
        subject: null,
        body: 'Hello from Telnyx',
        html: null,
        media: [],
        provider_message_id: data.id,
        status_callback: null,
        custom_args: null,
        received_at: expect.any(String),
        callbacks: [],
      },
    ]);
  });

  it('sends MMS media and keeps the webhook URL', async () => {
    const response = await telnyxClient(sandbox).messages.send({
      from: '+15559870000',
      to: '+15551230002',
      media_urls: ['https://cdn.test/a.png'],
      webhook_url: 'https://hooks.test/telnyx',
    });
    expect(response.data).toMatchObject({
      type: 'MMS',
      media: [{ url: 'https://cdn.test/a.png' }],
      webhook_url: 'https://hooks.test/telnyx',
    });
    expect(await inspect()).toEqual([
      expect.objectContaining({
        channel: 'mms',
        media: ['https://cdn.test/a.png'],
        status_callback: 'https://hooks.test/telnyx',
      }),
    ]);
  });

  it('surfaces a wrong key as AuthenticationError with Telnyx error 10009', async () => {
    const failure = telnyxClient(sandbox, { apiKey: 'KEYwrong' }).messages.send({
      from: '+15559870000',
      to: '+15551230001',
      text: 'x',
    });
    await expect(failure).rejects.toBeInstanceOf(TelnyxApiError);
    await expect(failure).rejects.toMatchObject({
      status: 401,
      error: { errors: [{ code: '10009', title: 'Authentication failed' }] },
    });
  });

  it.each([
    ['a missing text', { from: '+15559870000', to: '+15551230001' }, '10004', '/text'],
    ['an invalid to', { from: '+15559870000', to: '555-1234', text: 'x' }, '40310', '/to'],
    ['an invalid from', { from: 'not a sender!', to: '+15551230001', text: 'x' }, '40305', '/from'],
  ])('surfaces %s as a 400 in Telnyx shape', async (_case, body, code, pointer) => {
    await expect(telnyxClient(sandbox).messages.send(body)).rejects.toMatchObject({
      status: 400,
      error: { errors: [{ code, source: { pointer } }] },
    });
    expect(await inspect()).toEqual([]);
  });
});
