// `POST /sandbox/inbound` delivers messages to our webhooks as Twilio and SendGrid would.
import { verifyTwilioSignature } from '@switchboard/providers';
import { startTestSandbox, type TestSandbox } from './start-sandbox';
import {
  formOf,
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from './webhook-receiver';

const TWILIO_PATH = '/api/v1/webhooks/twilio';
const PARSE_PATH = '/api/v1/webhooks/sendgrid/inbound';

let receiver: WebhookReceiver;
let sandbox: TestSandbox;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // Every URL derives from PUBLIC_BASE_URL unless set on its own.
  sandbox = await startTestSandbox({ PUBLIC_BASE_URL: receiver.origin });
});
afterAll(async () => {
  await sandbox.stop();
  await receiver.stop();
});
beforeEach(() => {
  receiver.received.length = 0;
});

function inbound(body: unknown) {
  return fetch(`${sandbox.url}/sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The multipart form the receiver got, parsed the way any HTTP framework would. */
function multipartOf(webhook: ReceivedWebhook): Promise<FormData> {
  return new Response(webhook.raw, {
    headers: { 'content-type': String(webhook.headers['content-type']) },
  }).formData();
}

describe('inbound SMS and MMS as Twilio posts them', () => {
  it('posts a signed SMS webhook with Twilio’s fields and answers with our status', async () => {
    const res = await inbound({
      channel: 'sms',
      from: '+14155550100',
      to: '+15559870000',
      body: 'Hi there',
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { provider_message_id: string };
    expect(answer).toEqual({
      delivered: true,
      status: 200,
      provider_message_id: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    });

    const [webhook] = await receiver.waitFor(1);
    expect(webhook!.path).toBe(TWILIO_PATH);
    const form = formOf(webhook!);
    expect(form).toEqual({
      ToCountry: 'US',
      ToState: '',
      SmsMessageSid: answer.provider_message_id,
      NumMedia: '0',
      ToCity: '',
      FromZip: '',
      SmsSid: answer.provider_message_id,
      FromState: '',
      SmsStatus: 'received',
      FromCity: '',
      Body: 'Hi there',
      FromCountry: 'US',
      To: '+15559870000',
      ToZip: '',
      NumSegments: '1',
      ReferralNumMedia: '0',
      MessageSid: answer.provider_message_id,
      AccountSid: sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
      From: '+14155550100',
      ApiVersion: '2010-04-01',
    });
    expect(
      verifyTwilioSignature(
        sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
        String(webhook!.headers['x-twilio-signature']),
        `${receiver.origin}${TWILIO_PATH}`,
        form,
      ),
    ).toBe(true);
  });

  it('numbers MMS media with content types guessed from their extensions', async () => {
    const res = await inbound({
      channel: 'mms',
      from: '+447700900123',
      to: '+15559870000',
      media: ['https://cdn.test/cat.JPG', 'https://cdn.test/clip.mp4', 'https://cdn.test/blob'],
    });
    expect(await res.json()).toMatchObject({ delivered: true, status: 200 });

    const form = formOf((await receiver.waitFor(1))[0]!);
    expect(form).toMatchObject({
      Body: '',
      NumMedia: '3',
      FromCountry: 'GB',
      MediaUrl0: 'https://cdn.test/cat.JPG',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://cdn.test/clip.mp4',
      MediaContentType1: 'video/mp4',
      MediaUrl2: 'https://cdn.test/blob',
      MediaContentType2: 'application/octet-stream',
    });
  });
});

describe('inbound media given as bytes', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('turns an SMS with inline media into an MMS whose media the sandbox serves to the account only', async () => {
    const res = await inbound({
      channel: 'sms',
      from: '+14155550100',
      to: '+15559870000',
      media: [{ content_type: 'image/png', base64: PNG.toString('base64') }],
    });
    const answer = (await res.json()) as { provider_message_id: string; media_urls: string[] };
    expect(answer.media_urls).toHaveLength(1);
    const url = answer.media_urls[0]!;
    expect(url).toBe(
      `${sandbox.url}/2010-04-01/Accounts/${sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID}/Messages/${answer.provider_message_id}/Media/${url.split('/').at(-1)}`,
    );
    const form = formOf((await receiver.waitFor(1))[0]!);
    expect(form).toMatchObject({ NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/png' });

    expect((await fetch(url)).status).toBe(401);
    const wrong = await fetch(url, {
      headers: { authorization: basic(sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID, 'nope') },
    });
    expect(wrong.status).toBe(401);
    const served = await fetch(url, {
      headers: {
        authorization: basic(
          sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
          sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
        ),
      },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("posts an email's inline media as files with exactly those bytes", async () => {
    await inbound({
      channel: 'email',
      from: 'ada@example.com',
      to: 'support@switchboard.test',
      media: [{ content_type: 'image/png', base64: PNG.toString('base64'), filename: 'scan.png' }],
    });
    const form = await multipartOf((await receiver.waitFor(1))[0]!);
    expect(form.get('attachments')).toBe('1');
    const file = form.get('attachment1') as File;
    expect(file.name).toBe('scan.png');
    expect(file.type).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });
});

describe('inbound email as SendGrid Inbound Parse posts it', () => {
  it('posts multipart/form-data with basic auth, the envelope, headers and attachments', async () => {
    const res = await inbound({
      channel: 'email',
      from: 'Ada Lovelace <ada@example.com>',
      to: 'support@switchboard.test',
      subject: 'Réponse',
      body: 'Thanks!\nAda',
      media: ['https://cdn.test/files/notes.pdf'],
    });
    const answer = (await res.json()) as { provider_message_id: string };
    expect(answer).toEqual({
      delivered: true,
      status: 200,
      provider_message_id: expect.stringMatching(/^<.+@sandbox\.switchboard\.test>$/),
    });

    const [webhook] = await receiver.waitFor(1);
    expect(webhook!.path).toBe(PARSE_PATH);
    expect(webhook!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const [scheme, credentials] = String(webhook!.headers.authorization).split(' ');
    expect(scheme).toBe('Basic');
    expect(Buffer.from(credentials!, 'base64').toString()).toBe(
      `sendgrid:${sandbox.config.SANDBOX_INBOUND_PARSE_SECRET}`,
    );

    const form = await multipartOf(webhook!);
    expect(form.get('from')).toBe('Ada Lovelace <ada@example.com>');
    expect(form.get('to')).toBe('support@switchboard.test');
    expect(form.get('subject')).toBe('Réponse');
    // multipart/form-data sends line breaks as CRLF, as mail does.
    expect(form.get('text')).toBe('Thanks!\r\nAda');
    expect(form.get('html')).toBe('<div dir="ltr">Thanks!<br>Ada</div>');
    expect(JSON.parse(String(form.get('envelope')))).toEqual({
      to: ['support@switchboard.test'],
      from: 'ada@example.com',
    });
    expect(JSON.parse(String(form.get('charsets')))).toMatchObject({ subject: 'UTF-8' });
    expect(form.get('SPF')).toBe('pass');
    const headers = String(form.get('headers'));
    expect(headers).toContain(`Message-ID: ${answer.provider_message_id}`);
    expect(headers).toContain('To: support@switchboard.test');
    expect(headers).toContain(`Subject: =?UTF-8?B?${Buffer.from('Réponse').toString('base64')}?=`);
    expect(form.get('attachments')).toBe('1');
    expect(JSON.parse(String(form.get('attachment-info')))).toEqual({
      attachment1: { filename: 'notes.pdf', name: 'notes.pdf', type: 'application/pdf' },
    });
    const file = form.get('attachment1') as File;
    expect(file.name).toBe('notes.pdf');
    expect(file.type).toBe('application/pdf');
  });

  it('writes a bare sender as `Name <address>` and sends no attachment info without attachments', async () => {
    await inbound({ channel: 'email', from: 'bob@example.com', to: 'support@switchboard.test' });
    const form = await multipartOf((await receiver.waitFor(1))[0]!);
    expect(form.get('from')).toBe('bob <bob@example.com>');
    expect(form.get('attachments')).toBe('0');
    expect(form.has('attachment-info')).toBe(false);
  });
});

describe('answers', () => {
  it('passes on our webhook’s refusal', async () => {
    const refusing = await startWebhookReceiver([403]);
    const other = await startTestSandbox({ PUBLIC_BASE_URL: refusing.origin });
    try {
      const res = await fetch(`${other.url}/sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'sms',
          from: '+14155550100',
          to: '+15559870000',
          body: 'x',
        }),
      });
      expect(await res.json()).toMatchObject({ delivered: false, status: 403 });
      expect(refusing.received).toHaveLength(1);
    } finally {
      await other.stop();
      await refusing.stop();
    }
  });

  it('answers delivered false with no status when nothing listens', async () => {
    const gone = await startWebhookReceiver();
    await gone.stop();
    const other = await startTestSandbox({ PUBLIC_BASE_URL: gone.origin });
    try {
      const res = await fetch(`${other.url}/sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'sms',
          from: '+14155550100',
          to: '+15559870000',
          body: 'x',
        }),
      });
      expect(await res.json()).toMatchObject({
        delivered: false,
        status: null,
        error: 'ECONNREFUSED',
      });
    } finally {
      await other.stop();
    }
  });

  it.each([
    ['an unknown channel', { channel: 'fax', from: '+14155550100', to: '+15559870000' }, 'channel'],
    ['an SMS without a body', { channel: 'sms', from: '+14155550100', to: '+15559870000' }, 'body'],
    [
      'an SMS with media',
      {
        channel: 'sms',
        from: '+14155550100',
        to: '+1555',
        body: 'x',
        media: ['https://a.test/b.png'],
      },
      'media',
    ],
    ['an MMS without media', { channel: 'mms', from: '+14155550100', to: '+15559870000' }, 'media'],
    [
      'a bad phone number',
      { channel: 'sms', from: 'nobody', to: '+15559870000', body: 'x' },
      'from',
    ],
    ['a bad email address', { channel: 'email', from: 'ada@example.com', to: 'nowhere' }, 'to'],
  ])('rejects %s as problem+json naming the field', async (_case, body, field) => {
    const res = await inbound(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(receiver.received).toEqual([]);
  });
});
