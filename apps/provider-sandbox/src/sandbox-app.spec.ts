import { startTestSandbox, type TestSandbox } from '../test/start-sandbox';
import type { SandboxMessage } from './sandbox-message';

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
  await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function twilioPost(form: string, options: { sid?: string; auth?: string | null } = {}) {
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
}

function sendGridPost(body: unknown, key: string | null = sandbox.config.SANDBOX_SENDGRID_API_KEY) {
  return fetch(`${sandbox.url}/v3/mail/send`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function inspect(query = ''): Promise<SandboxMessage[]> {
  const res = await fetch(`${sandbox.url}/sandbox/messages${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SandboxMessage[];
}

const mail = {
  personalizations: [{ to: [{ email: 'ada@example.com' }] }],
  from: { email: 'noreply@switchboard.test', name: 'Switchboard' },
  subject: 'Hello',
  content: [
    { type: 'text/plain', value: 'Hi Ada' },
    { type: 'text/html', value: '<p>Hi Ada</p>' },
  ],
};

describe('Twilio Messages API', () => {
  it('accepts an SMS with a Twilio-shaped 201 and shows it for inspection', async () => {
    const res = await twilioPost(
      'To=%2B15551230001&From=%2B15559870000&Body=Hello&StatusCallback=https%3A%2F%2Fhooks.test%2Ftwilio',
    );
    expect(res.status).toBe(201);
    const message = (await res.json()) as Record<string, unknown>;
    const accountSid = sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID;
    expect(message).toMatchObject({
      account_sid: accountSid,
      to: '+15551230001',
      from: '+15559870000',
      body: 'Hello',
      status: 'queued',
      num_media: '0',
      num_segments: '1',
      direction: 'outbound-api',
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      api_version: '2010-04-01',
      messaging_service_sid: null,
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.date_created).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(message.uri).toBe(
      `/2010-04-01/Accounts/${accountSid}/Messages/${String(message.sid)}.json`,
    );
    expect(message.subresource_uris).toMatchObject({
      media: `/2010-04-01/Accounts/${accountSid}/Messages/${String(message.sid)}/Media.json`,
    });

    const [stored, ...rest] = await inspect();
    expect(rest).toEqual([]);
    expect(stored).toEqual({
      provider: 'twilio',
      channel: 'sms',
      from: '+15559870000',
      to: '+15551230001',
      subject: null,
      body: 'Hello',
      html: null,
      media: [],
      provider_message_id: message.sid,
      status_callback: 'https://hooks.test/twilio',
      custom_args: null,
      received_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      callbacks: [],
    });
  });

  it('reads repeated MediaUrl keys and a single one as MMS media', async () => {
    const many = await twilioPost(
      'To=%2B15551230001&From=%2B15559870000&MediaUrl=https%3A%2F%2Fcdn.test%2Fa.png&MediaUrl=https%3A%2F%2Fcdn.test%2Fb.png',
    );
    expect(many.status).toBe(201);
    expect(await many.json()).toMatchObject({ num_media: '2', body: '' });
    const one = await twilioPost(
      'To=%2B15551230002&From=%2B15559870000&Body=pic&MediaUrl=https%3A%2F%2Fcdn.test%2Fc.png',
    );
    expect(one.status).toBe(201);

    const stored = await inspect();
    expect(stored.map((m) => [m.channel, m.media])).toEqual([
      ['mms', ['https://cdn.test/a.png', 'https://cdn.test/b.png']],
      ['mms', ['https://cdn.test/c.png']],
    ]);
  });

  it('accepts an alphanumeric sender and a channel-prefixed recipient', async () => {
    const res = await twilioPost('To=whatsapp%3A%2B15551230001&From=Switchboard&Body=hi');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ to: 'whatsapp:+15551230001', from: 'Switchboard' });
  });

  it('counts segments the way the carrier will', async () => {
    const res = await twilioPost(`To=%2B15551230001&From=%2B15559870000&Body=${'x'.repeat(161)}`);
    expect(await res.json()).toMatchObject({ num_segments: '2' });
  });

  it.each([
    ['no credentials', null, undefined],
    ['a wrong token', basic('ACtest00000000000000000000000000000', 'wrong'), undefined],
    ['another account in the path', undefined, 'ACother0000000000000000000000000000'],
  ])('answers 401 with Twilio error 20003 for %s', async (_case, auth, sid) => {
    const res = await twilioPost('To=%2B15551230001&From=%2B15559870000&Body=x', { auth, sid });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    expect(await inspect()).toEqual([]);
  });

  it.each([
    ['To', 'From=%2B15559870000&Body=x', 21604],
    ['From', 'To=%2B15551230001&Body=x', 21603],
    ['Body or MediaUrl', 'To=%2B15551230001&From=%2B15559870000&Body=', 21602],
    [
      'valid To (an unencoded + reads as a space)',
      'To=+15551230001&From=%2B15559870000&Body=x',
      21211,
    ],
    ['valid From', 'To=%2B15551230001&From=not%20a%20sender%21&Body=x', 21212],
  ])('answers 400 with the Twilio code for a missing %s', async (_field, form, code) => {
    const res = await twilioPost(form);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: 400,
    });
    expect(await inspect()).toEqual([]);
  });

  it('fetches a stored message by sid and answers 20404 for an unknown one', async () => {
    const created = (await (
      await twilioPost('To=%2B15551230001&From=%2B15559870000&Body=hi')
    ).json()) as {
      sid: string;
    };
    const base = `${sandbox.url}/2010-04-01/Accounts/${sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID}/Messages`;
    const authorization = basic(
      sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
      sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
    );

    const found = await fetch(`${base}/${created.sid}.json`, { headers: { authorization } });
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      sid: created.sid,
      to: '+15551230001',
      status: 'queued',
    });

    const missing = await fetch(`${base}/SM00000000000000000000000000000000.json`, {
      headers: { authorization },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 20404, status: 404 });

    const anonymous = await fetch(`${base}/${created.sid}.json`);
    expect(anonymous.status).toBe(401);
  });
});

describe('SendGrid mail/send', () => {
  it('answers 202 with an X-Message-Id and keeps one record per recipient', async () => {
    const res = await sendGridPost({
      ...mail,
      personalizations: [
        {
          to: [{ email: 'ada@example.com' }, { email: 'bob@example.com' }],
          custom_args: { thread: 't1' },
        },
        {
          to: [{ email: 'cy@example.com' }],
          subject: 'Just for Cy',
          cc: [{ email: 'dee@example.com' }],
        },
      ],
      attachments: [
        { content: Buffer.from('hi').toString('base64'), filename: 'note.txt', type: 'text/plain' },
      ],
      custom_args: { switchboard_message_id: 'msg_1', thread: 'base' },
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    const messageId = res.headers.get('x-message-id');
    expect(messageId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const stored = await inspect('?provider=sendgrid');
    expect(stored.map((m) => [m.to, m.subject, m.custom_args])).toEqual([
      ['ada@example.com', 'Hello', { switchboard_message_id: 'msg_1', thread: 't1' }],
      ['bob@example.com', 'Hello', { switchboard_message_id: 'msg_1', thread: 't1' }],
      ['cy@example.com', 'Just for Cy', { switchboard_message_id: 'msg_1', thread: 'base' }],
      ['dee@example.com', 'Just for Cy', { switchboard_message_id: 'msg_1', thread: 'base' }],
    ]);
    expect(stored[0]).toMatchObject({
      provider: 'sendgrid',
      channel: 'email',
      from: 'noreply@switchboard.test',
      body: 'Hi Ada',
      html: '<p>Hi Ada</p>',
      media: ['note.txt'],
      provider_message_id: messageId,
      status_callback: null,
    });
  });

  it('uses the HTML part as the body when there is no plain part', async () => {
    await sendGridPost({ ...mail, content: [{ type: 'text/html', value: '<b>only html</b>' }] });
    const [stored] = await inspect();
    expect(stored).toMatchObject({
      body: '<b>only html</b>',
      html: '<b>only html</b>',
      custom_args: {},
    });
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong key', 'SG.wrong'],
  ])('answers 401 in SendGrid shape for %s', async (_case, key) => {
    const res = await sendGridPost(mail, key);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: 'The provided authorization grant is invalid, expired, or revoked',
          field: null,
          help: null,
        },
      ],
    });
  });

  it.each([
    ['personalizations', { ...mail, personalizations: [] }],
    ['personalizations.0.to', { ...mail, personalizations: [{ to: [] }] }],
    [
      'personalizations.0.to.0.email',
      { ...mail, personalizations: [{ to: [{ email: 'not-an-address' }] }] },
    ],
    ['from', { ...mail, from: undefined }],
    ['subject', { ...mail, subject: undefined }],
    ['content', { ...mail, content: [] }],
    ['content.1.type', { ...mail, content: [mail.content[1], mail.content[0]] }],
    ['custom_args.n', { ...mail, custom_args: { n: 1 } }],
  ])('answers 400 naming the field %s', async (field, body) => {
    const res = await sendGridPost(body);
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as {
      errors: { message: string; field: string | null; help: string | null }[];
    };
    expect(errors).toContainEqual({
      message: expect.any(String),
      field,
      help: expect.stringContaining('#message.'),
    });
    expect(await inspect()).toEqual([]);
  });

  it('answers 400 in SendGrid shape for a body that is not JSON', async () => {
    const res = await sendGridPost('{"personalizations":');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ message: 'Bad Request', field: null, help: null }],
    });
  });
});

describe('inspection API', () => {
  beforeEach(async () => {
    await twilioPost('To=%2B15551230001&From=%2B15559870000&Body=one');
    await sendGridPost(mail);
    await twilioPost('To=%2B15551230002&From=%2B15559870000&Body=two');
  });

  it('lists everything oldest first', async () => {
    expect((await inspect()).map((m) => m.to)).toEqual([
      '+15551230001',
      'ada@example.com',
      '+15551230002',
    ]);
  });

  it('filters by exact recipient, reading an unencoded + as typed', async () => {
    expect((await inspect('?to=%2B15551230002')).map((m) => m.body)).toEqual(['two']);
    expect((await inspect('?to=+15551230002')).map((m) => m.body)).toEqual(['two']);
    expect(await inspect('?to=%2B1555123000')).toEqual([]);
    expect((await inspect('?to=ada%40example.com')).map((m) => m.provider)).toEqual(['sendgrid']);
  });

  it('filters by provider and rejects an unknown one as problem+json', async () => {
    expect((await inspect('?provider=twilio')).map((m) => m.body)).toEqual(['one', 'two']);
    const res = await fetch(`${sandbox.url}/sandbox/messages?provider=vonage`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('clears on DELETE', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/messages`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await inspect()).toEqual([]);
  });
});

describe('operations', () => {
  it('serves health and readiness with no dependencies', async () => {
    expect((await fetch(`${sandbox.url}/health`)).status).toBe(200);
    const ready = await fetch(`${sandbox.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: {} });
  });

  it('counts accepted messages by provider and channel', async () => {
    const before = await acceptedCount('twilio', 'mms');
    await twilioPost(
      'To=%2B15551230001&From=%2B15559870000&MediaUrl=https%3A%2F%2Fcdn.test%2Fa.png',
    );
    expect(await acceptedCount('twilio', 'mms')).toBe(before + 1);
  });

  it('logs each accepted message by id only, never addresses or contents', async () => {
    await twilioPost('To=%2B15551239999&From=%2B15559870000&Body=secret%20words');
    await sendGridPost({ ...mail, personalizations: [{ to: [{ email: 'private@example.com' }] }] });
    const [sms, email] = await inspect();

    const accepted = sandbox.logs().filter((line) => line.msg === 'message accepted');
    const strip = ({
      level: _l,
      time: _t,
      service: _s,
      msg: _m,
      pid: _p,
      hostname: _h,
      // Every line about a request carries its (random) request id: correlation, not content.
      request_id: _r,
      ...rest
    }: Record<string, unknown>) => rest;
    expect(accepted.slice(-2).every((line) => typeof line.request_id === 'string')).toBe(true);
    expect(accepted.slice(-2).map(strip)).toEqual([
      { provider: 'twilio', channel: 'sms', provider_message_id: sms?.provider_message_id },
      { provider: 'sendgrid', channel: 'email', provider_message_id: email?.provider_message_id },
    ]);
    const everything = JSON.stringify(sandbox.logs());
    for (const secret of ['15551239999', 'secret words', 'private@example.com', 'Hi Ada']) {
      expect(everything).not.toContain(secret);
    }
  });
});

async function acceptedCount(provider: string, channel: string): Promise<number> {
  const text = await (await fetch(`${sandbox.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('sandbox_messages_accepted_total{') &&
        l.includes(`provider="${provider}"`) &&
        l.includes(`channel="${channel}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('recipient-scoped faults', () => {
  afterEach(async () => {
    await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  });

  const setFault = async (request: Record<string, unknown>) => {
    const res = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(res.status).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const sms = (to: string) =>
    twilioPost(new URLSearchParams({ From: '+15551234567', To: to, Body: 'Hi' }).toString());

  it('hits only the named recipient, only as many times as asked, then clears itself', async () => {
    const overview = await setFault({
      provider: 'twilio',
      mode: 'error',
      status: 503,
      to: '+15550001111',
      times: 1,
    });
    expect(overview['recipients']).toEqual([
      { provider: 'twilio', to: '+15550001111', mode: 'error', rate: 1, status: 503, remaining: 1 },
    ]);

    expect((await sms('+15550002222')).status).toBe(201);
    expect((await sms('+15550001111')).status).toBe(503);
    expect((await sms('+15550001111')).status).toBe(201);
    expect((await inspect()).map((m) => m.to)).toEqual(['+15550002222', '+15550001111']);
    const after = (await (await fetch(`${sandbox.url}/sandbox/faults`)).json()) as {
      recipients: unknown[];
    };
    expect(after.recipients).toEqual([]);
  });

  it('matches an email recipient of SendGrid whatever its case', async () => {
    await setFault({ provider: '*', mode: 'error', status: 500, to: 'ADA@example.com' });
    expect((await sendGridPost(mail)).status).toBe(500);
    const other = { ...mail, personalizations: [{ to: [{ email: 'grace@example.com' }] }] };
    expect((await sendGridPost(other)).status).toBe(202);
    expect((await inspect()).map((m) => m.to)).toEqual(['grace@example.com']);
  });
});
