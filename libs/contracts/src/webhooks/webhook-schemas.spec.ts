import {
  CompatSmsWebhook,
  SendGridEvent,
  SendGridInboundParseForm,
  TwilioMessageStatus,
  TwilioWebhookForm,
} from '../index';

const MiB = 1024 * 1024;
const sendGridEvent = {
  event: 'delivered',
  sg_event_id: 'ZGVsaXZlcmVkLTAtMTIzNDU2Nzg5',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

describe('provider webhook schemas', () => {
  it('accept the fields providers add, so a new field never refuses a webhook', () => {
    expect(TwilioWebhookForm.parse({ MessageSid: 'SM1', NewTwilioParam: 'x' })).toMatchObject({
      NewTwilioParam: 'x',
    });
    expect(SendGridEvent.parse({ ...sendGridEvent, new_field: { nested: [1] } })).toMatchObject({
      new_field: { nested: [1] },
    });
    expect(
      SendGridInboundParseForm.safeParse({ from: 'jane@example.com', 'spam-score': '0.1' }).success,
    ).toBe(true);
  });

  it('accept a status or event type Twilio or SendGrid adds later, beside the ones listed', () => {
    const form = TwilioWebhookForm.parse({ MessageSid: 'SM1', MessageStatus: 'paused' });
    expect(form.MessageStatus).toBe('paused');
    expect(TwilioMessageStatus.safeParse('paused').success).toBe(false);
    expect(SendGridEvent.parse({ ...sendGridEvent, event: 'group_resubscribe' }).event).toBe(
      'group_resubscribe',
    );
  });

  it('drop an ill-formed custom arg or an unread field of another type, rather than refuse the event', () => {
    const parsed = SendGridEvent.parse({
      ...sendGridEvent,
      switchboard_message_id: 'not-a-uuid',
      switchboard_generation: 2,
      email: 42,
      response: { code: 250 },
    });
    expect(parsed.switchboard_message_id).toBeUndefined();
    expect(parsed.switchboard_generation).toBeUndefined();
    expect(parsed.email).toBeUndefined();
    const id = '0192f0c4-7e1a-7b3c-9d2e-3f4a5b6c7d8e';
    expect(
      SendGridEvent.parse({ ...sendGridEvent, switchboard_message_id: id.toUpperCase() })
        .switchboard_message_id,
    ).toBe(id.toUpperCase());
  });

  it('refuse what a field read cannot be: a blank id, a long event type, an unbounded reason', () => {
    const issues = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
      result.error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues(TwilioWebhookForm.safeParse({ MessageSid: '  ' }))).toEqual([
      ['MessageSid', 'MessageSid is required'],
    ]);
    expect(issues(SendGridInboundParseForm.safeParse({ to: 'a@example.com' }))).toEqual([
      ['from', 'from is required'],
    ]);
    expect(SendGridEvent.safeParse({ ...sendGridEvent, event: 'x'.repeat(65) }).success).toBe(
      false,
    );
    expect(SendGridEvent.safeParse({ ...sendGridEvent, reason: 'x'.repeat(2001) }).success).toBe(
      false,
    );
  });

  it('bound a timestamp before its pattern reads it', () => {
    const sms = {
      from: '+15551234567',
      to: '+15557654321',
      type: 'sms',
      messaging_provider_id: 'p1',
      body: 'hi',
    };
    expect(CompatSmsWebhook.safeParse({ ...sms, timestamp: '2024-11-01T14:00:00Z' }).success).toBe(
      true,
    );
    expect(
      CompatSmsWebhook.safeParse({ ...sms, timestamp: '2024-11-01T14:00:00+05:30' }).success,
    ).toBe(true);
    const long = CompatSmsWebhook.safeParse({
      ...sms,
      timestamp: `2024-11-01T14:00:00.${'1'.repeat(MiB)}Z`,
    });
    expect(long.error?.issues.map((i) => i.code)).toEqual(['too_big']);
  });
});
