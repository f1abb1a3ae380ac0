import { randomUUID } from 'node:crypto';
import { SANDBOX_SENDGRID_WEBHOOK_KEYS, SANDBOX_WEBHOOK_SECRET } from '@switchboard/config';
import type { MessagePage, MessageResource } from '@switchboard/contracts';
import {
  SENDGRID_MESSAGE_ID_ARG,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendGridPayload,
} from '@switchboard/providers';
import { eventually } from '@switchboard/testing';
import { api } from '../api-client';
import type { WebhooksStack } from './webhooks-stack';

/** SendGrid's Event Webhook (signed events) and Inbound Parse (basic auth). */
export function describeSendGridWebhooks(suite: WebhooksStack): void {
  describe('SendGrid', () => {
    const eventsUrl = () => `${suite.gateway}/api/v1/webhooks/sendgrid`;

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
      const { gateway } = suite;
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
      const { statusOf, eventsOf } = suite;
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
      const { gateway, statusOf } = suite;
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
      const { gateway } = suite;
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
}
