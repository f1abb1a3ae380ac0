import type { SandboxMessage } from './sandbox-message';
import { sendGridEvents } from './sendgrid-event-webhook';

function recipient(to: string, customArgs: Record<string, string>): SandboxMessage {
  return {
    provider: 'sendgrid',
    channel: 'email',
    from: 'noreply@switchboard.test',
    to,
    subject: 's',
    body: 'b',
    html: null,
    media: [],
    provider_message_id: 'abcdefghijklmnopqrstuv',
    status_callback: null,
    custom_args: customArgs,
    received_at: new Date(0).toISOString(),
    callbacks: [],
  };
}

describe('sendGridEvents', () => {
  const now = new Date('2025-01-02T03:04:05.678Z');

  it('makes one event per recipient in SendGrid’s shape, custom args beside the fixed keys', () => {
    const events = sendGridEvents(
      {
        messageId: 'abcdefghijklmnopqrstuv',
        recipients: [
          recipient('ada@example.com', { switchboard_message_id: 'm1', event: 'spoofed' }),
          recipient('bob@example.com', {}),
        ],
        categories: [],
      },
      'delivered',
      now,
    );
    expect(events).toEqual([
      {
        switchboard_message_id: 'm1',
        email: 'ada@example.com',
        timestamp: 1735787045,
        'smtp-id': '<abcdefghijklmnopqrstuv@ismtpd0001p1mdw1.sendgrid.net>',
        event: 'delivered',
        sg_event_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        sg_message_id: expect.stringMatching(/^abcdefghijklmnopqrstuv\.filterdrecv-.+-0\.0$/),
        response: '250 OK',
        tls: 1,
        ip: '127.0.0.1',
      },
      expect.objectContaining({
        email: 'bob@example.com',
        sg_message_id: expect.stringMatching(/-1\.0$/),
      }),
    ]);
    expect(events[0]).not.toHaveProperty('category');
  });

  it('sends one category as a string and several as an array', () => {
    const send = (categories: string[]) =>
      sendGridEvents(
        { messageId: 'x', recipients: [recipient('a@example.com', {})], categories },
        'processed',
        now,
      )[0];
    expect(send(['receipts'])).toMatchObject({ category: 'receipts' });
    expect(send(['a', 'b'])).toMatchObject({ category: ['a', 'b'] });
    expect(send(['a'])).not.toHaveProperty('response');
  });
});
