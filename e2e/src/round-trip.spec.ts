import type { MessageEventList, MessagePage, MessageResource } from '@switchboard/contracts';
import { eventually, startStack, type Stack } from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

const OUR_NUMBER = '+15551234567';

/** Send, delivered, reply — all through the provider-sandbox's signed callbacks, as in production. */
describe('a full round trip through real signed provider callbacks', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    // Twilio only: these tests follow Twilio's signed callbacks, which a failover to the second
    // provider (on a connection error under load) would not produce.
    stack = await startStack({ env: { SMS_PROVIDERS: 'twilio' } });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });
  afterAll(() => stack?.stop());

  const message = async (id: string) =>
    (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body;

  it('SMS: sent, delivered by callback, and the reply lands in the same conversation', async () => {
    const customer = uniquePhone();
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: OUR_NUMBER,
      to: customer,
      body: 'Your table is ready',
    });
    expect(accepted.status).toBe(201);

    const delivered = await eventually(
      () => message(accepted.body.id),
      (m) => m.status === 'delivered',
      { what: 'delivered via Twilio callbacks' },
    );
    const events = await api<MessageEventList>(
      gateway,
      'GET',
      `/api/v1/messages/${delivered.id}/events`,
    );
    expect(events.body.data.filter((e) => e.applied).map((e) => e.status)).toEqual([
      'queued',
      'sending',
      'sent',
      'delivered',
    ]);

    const reply = await api<{ delivered: boolean; status: number }>(
      sandbox,
      'POST',
      '/sandbox/inbound',
      {
        channel: 'sms',
        from: customer,
        to: OUR_NUMBER,
        body: 'On my way',
      },
    );
    expect(reply.body).toMatchObject({ delivered: true, status: 200 });

    const thread = await eventually(
      async () =>
        (
          await api<MessagePage>(
            gateway,
            'GET',
            `/api/v1/conversations/${delivered.conversation_id}/messages`,
          )
        ).body.data,
      (data) => data.length === 2,
      { what: 'reply threaded' },
    );
    expect(thread.map((m) => [m.direction, m.body])).toEqual([
      ['outbound', 'Your table is ready'],
      ['inbound', 'On my way'],
    ]);
  });

  it('email: delivered through signed event webhooks, and an Inbound Parse reply threads', async () => {
    const customer = `guest-${Date.now()}@example.com`;
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'hello@switchboard.test',
      to: customer,
      subject: 'Booking',
      body: '<p>Confirmed</p>',
    });
    const delivered = await eventually(
      () => message(accepted.body.id),
      (m) => m.status === 'delivered',
      { what: 'delivered via SendGrid events' },
    );

    const reply = await api<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
      channel: 'email',
      from: customer,
      to: 'hello@switchboard.test',
      subject: 'Re: Booking',
      body: 'Thank you',
    });
    expect(reply.body.delivered).toBe(true);
    const thread = await eventually(
      async () =>
        (
          await api<MessagePage>(
            gateway,
            'GET',
            `/api/v1/conversations/${delivered.conversation_id}/messages`,
          )
        ).body.data,
      (data) => data.length === 2,
      { what: 'email reply threaded' },
    );
    expect(thread[1]).toMatchObject({
      direction: 'inbound',
      type: 'email',
      from: customer,
      subject: 'Re: Booking',
    });
  });
});
