import { createHash, randomUUID } from 'node:crypto';
import type { MessagePage, MessageResource } from '@switchboard/contracts';
import { signTwilioRequest } from '@switchboard/providers';
import { eventually } from '@switchboard/testing';
import { api, uniquePhone } from '../api-client';
import { OUR_NUMBER, TWILIO_TOKEN, type WebhooksStack } from './webhooks-stack';

/** Twilio status callbacks and inbound messages: verified, logged, applied once, in order. */
export function describeTwilioWebhooks(suite: WebhooksStack): void {
  it('applies a signed Twilio status callback and answers empty TwiML', async () => {
    const { postTwilio, sendSms, statusOf } = suite;
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
    const { database, twilioUrl, postTwilio, sendSms, statusOf } = suite;
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
    const { postTwilio, sendSms, statusOf, eventsOf } = suite;
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
    const { postTwilio, sendSms, statusOf, eventsOf } = suite;
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
    const { gateway, database, postTwilio, statusOf } = suite;
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
    const { gateway, postTwilio, sendSms } = suite;
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
      // Media are fetched with the account's credentials from Twilio's API origin only: one
      // elsewhere is noted, not fetched (docs/MEDIA.md, "Inbound").
      attachments: [],
      metadata: {
        media: {
          quarantined: [],
          refused: [{ name: null, reason: expect.stringContaining("provider's API origin") }],
        },
      },
      provider: 'twilio',
      provider_message_id: sid,
    });
  });
}
