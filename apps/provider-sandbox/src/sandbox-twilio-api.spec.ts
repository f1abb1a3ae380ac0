import { basic, useSandboxFixture } from '../test/sandbox-fixture';

const fixture = useSandboxFixture();
const { twilioPost, inspect } = fixture;

describe('Twilio Messages API', () => {
  it('accepts an SMS with a Twilio-shaped 201 and shows it for inspection', async () => {
    const { sandbox } = fixture;
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
    const { sandbox } = fixture;
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
