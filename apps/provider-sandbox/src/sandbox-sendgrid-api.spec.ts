import { mail, useSandboxFixture } from '../test/sandbox-fixture';

const fixture = useSandboxFixture();
const { sendGridPost, inspect } = fixture;

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
