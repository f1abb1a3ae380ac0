import { createHash, randomUUID } from 'node:crypto';
import { SANDBOX_SENDGRID_WEBHOOK_KEYS, SANDBOX_WEBHOOK_SECRET } from '@switchboard/config';
import type {
  ConversationResource,
  MessageEventList,
  MessageResource,
  MessagePage,
} from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import {
  SENDGRID_MESSAGE_ID_ARG,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
  signTwilioRequest,
} from '@switchboard/providers';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

const TWILIO_TOKEN = 'sandbox-twilio-token';
const OUR_NUMBER = '+15551234567';

describe('webhooks: verified, audited, idempotent, order-proof', () => {
  let stack: Stack;
  let gateway: string;
  let database: Db;

  beforeAll(async () => {
    // Callbacks come from this suite alone, so each assertion below sees only what it sent.
    stack = await startStack({ env: { STATUS_CALLBACKS: 'false', SANDBOX_CALLBACKS: 'false' } });
    gateway = stack.url('gateway');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
  });

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const twilioUrl = () => `${gateway}/api/v1/webhooks/twilio`;

  async function postTwilio(
    params: Record<string, string>,
    signature: string | null = signTwilioRequest(TWILIO_TOKEN, twilioUrl(), params),
  ) {
    const res = await fetch(twilioUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature ? { 'x-twilio-signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      text: await res.text(),
    };
  }

  async function sendSms(to: string): Promise<MessageResource> {
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: OUR_NUMBER,
      to,
      body: 'Ping',
    });
    return eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      (m) => m.status === 'sent',
      { what: 'sent' },
    );
  }

  const statusOf = async (id: string) =>
    (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body.status;
  const eventsOf = async (id: string) =>
    (await api<MessageEventList>(gateway, 'GET', `/api/v1/messages/${id}/events`)).body.data;

  it('applies a signed Twilio status callback and answers empty TwiML', async () => {
    const message = await sendSms(uniquePhone());
    const res = await postTwilio({
      MessageSid: message.provider_message_id!,
      MessageStatus: 'delivered',
      AccountSid: 'AC1',
      From: OUR_NUMBER,
      To: message.to,
    });
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/xml');
    expect(res.text).toContain('<Response></Response>');
    await eventually(
      () => statusOf(message.id),
      (s) => s === 'delivered',
      { what: 'delivered' },
    );
  });

  it('refuses unsigned (400) and forged (403) callbacks, logs them, and changes nothing', async () => {
    const message = await sendSms(uniquePhone());
    const params = {
      MessageSid: message.provider_message_id!,
      MessageStatus: 'failed',
      ErrorCode: '30003',
    };
    expect((await postTwilio(params, null)).status).toBe(400);
    expect(
      (await postTwilio(params, signTwilioRequest('not-the-token', twilioUrl(), params))).status,
    ).toBe(403);
    // Signed over another URL: a replay against a different endpoint.
    expect(
      (
        await postTwilio(
          params,
          signTwilioRequest(TWILIO_TOKEN, 'https://elsewhere.example/hook', params),
        )
      ).status,
    ).toBe(403);

    // Refused webhooks are logged as a digest of their body, never the body itself.
    const body = new URLSearchParams(params).toString();
    const logged = await database.db
      .selectFrom('webhook_logs')
      .select(['signature_verdict', 'outcome', 'headers', 'body', 'body_bytes'])
      .where('body_sha256', '=', createHash('sha256').update(body).digest('hex'))
      .orderBy('id')
      .execute();
    expect(logged.map((l) => [l.signature_verdict, l.outcome, l.body, l.body_bytes])).toEqual([
      ['missing', 'rejected', null, body.length],
      ['invalid', 'rejected', null, body.length],
      ['invalid', 'rejected', null, body.length],
    ]);
    expect(JSON.stringify(logged[1]!.headers)).not.toContain(
      signTwilioRequest('not-the-token', twilioUrl(), params),
    );
    expect(await statusOf(message.id)).toBe('sent');
  });

  it('applies a callback delivered three times once', async () => {
    const message = await sendSms(uniquePhone());
    const params = { MessageSid: message.provider_message_id!, MessageStatus: 'delivered' };
    const answers = await Promise.all([postTwilio(params), postTwilio(params), postTwilio(params)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await eventually(
      () => statusOf(message.id),
      (s) => s === 'delivered',
      { what: 'delivered' },
    );
    const events = await eventsOf(message.id);
    expect(events.filter((e) => e.status === 'delivered')).toHaveLength(1);
  });

  it('records a late "sent" after "delivered" without moving the status back', async () => {
    const message = await sendSms(uniquePhone());
    const sid = message.provider_message_id!;
    await postTwilio({ MessageSid: sid, MessageStatus: 'delivered' });
    await eventually(
      () => statusOf(message.id),
      (s) => s === 'delivered',
      { what: 'delivered' },
    );
    await postTwilio({ MessageSid: sid, MessageStatus: 'sending' });
    const events = await eventually(
      () => eventsOf(message.id),
      (e) => e.some((x) => x.id === `twilio:${sid}:sending`),
      { what: 'late event recorded' },
    );
    expect(events.find((x) => x.id === `twilio:${sid}:sending`)).toMatchObject({ applied: false });
    expect(await statusOf(message.id)).toBe('delivered');
  });

  it('keeps a callback that raced ahead of its message and applies it once the message is known', async () => {
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    expect((await postTwilio({ MessageSid: sid, MessageStatus: 'delivered' })).status).toBe(200);
    await eventually(
      () =>
        database.db
          .selectFrom('pending_status_events')
          .select('event_id')
          .where('provider_message_id', '=', sid)
          .execute(),
      (rows) => rows.length === 1,
      { what: 'parked' },
    );
    // The message becomes known under that provider id (as a dispatcher's "sent" would record it).
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: OUR_NUMBER,
      to: uniquePhone(),
      body: 'race',
    });
    await eventually(
      () => statusOf(accepted.body.id),
      (s) => s === 'sent',
      { what: 'sent' },
    );
    await database.db
      .updateTable('messages')
      .set({ provider_message_id: sid })
      .where('id', '=', accepted.body.id)
      .execute();
    await eventually(
      () => statusOf(accepted.body.id),
      (s) => s === 'delivered',
      { what: 'parked callback applied', timeoutMs: 10_000 },
    );
  });

  it('threads an inbound SMS reply into the conversation of the outbound message', async () => {
    const customer = uniquePhone();
    const outbound = await sendSms(customer);
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const formatted = `+1 (${customer.slice(2, 5)}) ${customer.slice(5, 8)}-${customer.slice(8)}`;
    const params = {
      MessageSid: sid,
      SmsSid: sid,
      From: formatted,
      To: OUR_NUMBER,
      Body: 'Pong',
      NumMedia: '1',
      MediaUrl0: 'https://media.example/pic.jpg',
      MediaContentType0: 'image/jpeg',
      SmsStatus: 'received',
    };
    expect((await postTwilio(params)).status).toBe(200);
    expect((await postTwilio(params)).status).toBe(200); // Twilio retried: still one message

    const page = await eventually(
      async () =>
        (
          await api<MessagePage>(
            gateway,
            'GET',
            `/api/v1/conversations/${outbound.conversation_id}/messages`,
          )
        ).body,
      (p) => p.data.some((m) => m.direction === 'inbound'),
      { what: 'inbound message in the conversation' },
    );
    const inbound = page.data.filter((m) => m.direction === 'inbound');
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({
      type: 'mms',
      from: customer,
      to: OUR_NUMBER,
      body: 'Pong',
      status: 'received',
      attachments: ['https://media.example/pic.jpg'],
      provider: 'twilio',
      provider_message_id: sid,
    });
  });

  describe('SendGrid', () => {
    const eventsUrl = () => `${gateway}/api/v1/webhooks/sendgrid`;

    async function postEvents(
      events: unknown[],
      options: { timestamp?: number; key?: string; signature?: string | null } = {},
    ) {
      const body = JSON.stringify(events);
      const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const signature =
        options.signature === undefined
          ? signSendGridPayload(
              options.key ?? SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey,
              body,
              timestamp,
            )
          : options.signature;
      const res = await fetch(eventsUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SENDGRID_TIMESTAMP_HEADER]: timestamp,
          ...(signature ? { [SENDGRID_SIGNATURE_HEADER]: signature } : {}),
        },
        body,
      });
      return res.status;
    }

    async function sendEmail(to: string): Promise<MessageResource> {
      const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        from: 'support@switchboard.test',
        to,
        subject: 'Hi',
        body: '<p>Hi</p>',
      });
      return eventually(
        async () =>
          (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
        (m) => m.status === 'sent',
        { what: 'email sent' },
      );
    }

    const event = (
      message: MessageResource,
      type: string,
      extra: Record<string, unknown> = {},
    ) => ({
      email: message.to,
      timestamp: Math.floor(Date.now() / 1000),
      event: type,
      sg_event_id: randomUUID(),
      sg_message_id: `${message.provider_message_id}.filterdrecv-1-2`,
      [SENDGRID_MESSAGE_ID_ARG]: message.id,
      ...extra,
    });

    it('applies signed events; the same sg_event_id twice changes state once', async () => {
      const message = await sendEmail(`a-${Date.now()}@example.com`);
      const delivered = event(message, 'delivered');
      expect(await postEvents([event(message, 'processed'), delivered])).toBe(204);
      expect(await postEvents([delivered])).toBe(204);
      await eventually(
        () => statusOf(message.id),
        (s) => s === 'delivered',
        { what: 'email delivered' },
      );
      const events = await eventsOf(message.id);
      expect(events.filter((e) => e.status === 'delivered')).toHaveLength(1);
    });

    it('refuses unsigned, forged and stale batches', async () => {
      const message = await sendEmail(`b-${Date.now()}@example.com`);
      const bounce = [event(message, 'bounce', { reason: '550 no such user', status: '5.1.1' })];
      expect(await postEvents(bounce, { signature: null })).toBe(400);
      expect(
        await postEvents(bounce, {
          signature: signSendGridPayload(SANDBOX_SENDGRID_WEBHOOK_KEYS.privateKey, '[]', '1'),
        }),
      ).toBe(403);
      expect(await postEvents(bounce, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).toBe(
        403,
      );
      expect(await statusOf(message.id)).toBe('sent');
      expect(await postEvents(bounce)).toBe(204);
      const bounced = await eventually(
        async () =>
          (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${message.id}`)).body,
        (m) => m.status === 'undelivered',
        { what: 'bounced' },
      );
      expect(bounced).toMatchObject({ error_code: '5.1.1', error_message: '550 no such user' });
    });

    it('threads an Inbound Parse email (basic auth) into the right conversation', async () => {
      const customer = `c-${Date.now()}@example.com`;
      const outbound = await sendEmail(customer);
      const form = new FormData();
      form.set('from', `Customer Name <${customer.toUpperCase()}>`);
      form.set('to', 'Support <support@switchboard.test>');
      form.set('subject', 'Re: Hi');
      form.set('text', 'Thanks!');
      form.set('html', '<p>Thanks!</p>');
      form.set('envelope', JSON.stringify({ to: ['support@switchboard.test'], from: customer }));
      form.set('headers', `Message-ID: <${randomUUID()}@mail.example>\nSubject: Re: Hi`);
      form.set('attachment1', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'invoice.pdf');
      const url = `${gateway}/api/v1/webhooks/sendgrid/inbound`;
      const auth = (secret: string) => ({
        authorization: `Basic ${Buffer.from(`sendgrid:${secret}`).toString('base64')}`,
      });

      expect(
        (await fetch(url, { method: 'POST', headers: auth('wrong'), body: form })).status,
      ).toBe(401);
      expect(
        (await fetch(url, { method: 'POST', headers: auth(SANDBOX_WEBHOOK_SECRET), body: form }))
          .status,
      ).toBe(200);

      const page = await eventually(
        async () =>
          (
            await api<MessagePage>(
              gateway,
              'GET',
              `/api/v1/conversations/${outbound.conversation_id}/messages`,
            )
          ).body,
        (p) => p.data.some((m) => m.direction === 'inbound'),
        { what: 'inbound email' },
      );
      expect(page.data.find((m) => m.direction === 'inbound')).toMatchObject({
        type: 'email',
        from: customer,
        to: 'support@switchboard.test',
        subject: 'Re: Hi',
        body: '<p>Thanks!</p>',
      });
    });
  });

  describe('the compatible inbound routes', () => {
    it('accepts the generic provider payloads and threads them', async () => {
      const customer = uniquePhone();
      const sms = await api(gateway, 'POST', '/api/webhooks/sms', {
        from: customer,
        to: OUR_NUMBER,
        type: 'sms',
        messaging_provider_id: `message-${randomUUID()}`,
        body: 'text message',
        attachments: null,
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(sms.status).toBe(200);
      const email = await api(gateway, 'POST', '/api/webhooks/email', {
        from: `contact-${Date.now()}@gmail.com`,
        to: 'user@usehatchapp.com',
        xillio_id: `message-${randomUUID()}`,
        body: '<html><body>html is <b>allowed</b> here</body></html>',
        attachments: ['https://example.com/a.pdf'],
        timestamp: '2024-11-01T14:00:00Z',
      });
      expect(email.status).toBe(200);

      const conversations = await eventually(
        async () =>
          (
            await api<{ data: ConversationResource[] }>(
              gateway,
              'GET',
              `/api/v1/conversations?participant=${encodeURIComponent(customer)}`,
            )
          ).body.data,
        (c) => c.length === 1,
        { what: 'conversation for the compat inbound sms' },
      );
      const messages = await api<MessagePage>(
        gateway,
        'GET',
        `/api/v1/conversations/${conversations[0]!.id}/messages`,
      );
      expect(messages.body.data).toEqual([
        expect.objectContaining({
          direction: 'inbound',
          body: 'text message',
          timestamp: '2024-11-01T14:00:00Z',
        }),
      ]);

      expect((await api(gateway, 'POST', '/api/webhooks/sms', { from: customer })).status).toBe(
        400,
      );
      const wrongSecret = await fetch(`${gateway}/api/webhooks/sms`, {
        method: 'POST',
        headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(wrongSecret.status).toBe(401);
    });
  });
});
