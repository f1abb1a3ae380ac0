import { randomUUID } from 'node:crypto';
import type { ConversationResource, MessagePage } from '@switchboard/contracts';
import { eventually } from '@switchboard/testing';
import { api, uniquePhone } from '../api-client';
import { OUR_NUMBER, type WebhooksStack } from './webhooks-stack';

/** The generic inbound payloads of the compatible routes. */
export function describeCompatWebhooks(suite: WebhooksStack): void {
  describe('the compatible inbound routes', () => {
    it('accepts the generic provider payloads and threads them', async () => {
      const { gateway } = suite;
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
}
