import { MessageStore, type AcceptedMessage } from './message-store';

function sms(id: string, to = '+15550000001'): AcceptedMessage {
  return {
    provider: 'twilio',
    channel: 'sms',
    from: '+15550009999',
    to,
    subject: null,
    body: `body ${id}`,
    html: null,
    media: [],
    provider_message_id: id,
    status_callback: null,
    custom_args: null,
    received_at: new Date(0).toISOString(),
  };
}

function email(id: string, to: string): AcceptedMessage {
  return { ...sms(id, to), provider: 'sendgrid', channel: 'email', subject: 's', custom_args: {} };
}

describe('MessageStore', () => {
  it('lists oldest first and filters by exact recipient and provider', () => {
    const store = new MessageStore(10);
    store.add(sms('SM1', '+15550000001'));
    store.add(email('sg1', 'ada@example.com'));
    store.add(sms('SM2', '+15550000002'));

    expect(store.list().map((m) => m.provider_message_id)).toEqual(['SM1', 'sg1', 'SM2']);
    expect(store.list({ to: '+15550000002' }).map((m) => m.provider_message_id)).toEqual(['SM2']);
    expect(store.list({ to: '+1555000000' })).toEqual([]);
    expect(store.list({ provider: 'sendgrid' }).map((m) => m.to)).toEqual(['ada@example.com']);
  });

  it('drops the oldest records beyond its capacity, lookups included', () => {
    const store = new MessageStore(3);
    for (const id of ['SM1', 'SM2', 'SM3', 'SM4', 'SM5']) store.add(sms(id));

    expect(store.size).toBe(3);
    expect(store.list().map((m) => m.provider_message_id)).toEqual(['SM3', 'SM4', 'SM5']);
    expect(store.findByProviderId('twilio', 'SM2')).toEqual([]);
    expect(store.findByProviderId('twilio', 'SM5')).toHaveLength(1);
  });

  it('keeps every recipient of one SendGrid id until each is evicted', () => {
    const store = new MessageStore(2);
    store.add(email('sg1', 'a@example.com'));
    store.add(email('sg1', 'b@example.com'));
    expect(store.findByProviderId('sendgrid', 'sg1').map((m) => m.to)).toEqual([
      'a@example.com',
      'b@example.com',
    ]);

    store.add(sms('SM1'));
    expect(store.findByProviderId('sendgrid', 'sg1').map((m) => m.to)).toEqual(['b@example.com']);
    expect(store.findByProviderId('twilio', 'sg1')).toEqual([]);
  });

  it('hands out records that cannot be changed behind its back', () => {
    const store = new MessageStore(2);
    const media = ['https://example.com/a.png'];
    store.add({ ...sms('SM1'), media });
    media.push('https://example.com/b.png');

    const [stored] = store.list();
    expect(stored?.media).toEqual(['https://example.com/a.png']);
    expect(Object.isFrozen(stored)).toBe(true);
  });

  it('notes callback attempts on every record of an id, leaving others and evicted ones alone', () => {
    const store = new MessageStore(3);
    store.add(email('sg1', 'a@example.com'));
    store.add(email('sg1', 'b@example.com'));
    const returned = store.add(sms('SM1'));
    expect(returned.callbacks).toEqual([]);

    const attempt = { status: 'processed', attempt: 1, http_status: 200, error: null, at: 'now' };
    store.addCallbackAttempt('sendgrid', 'sg1', attempt);
    store.addCallbackAttempt('sendgrid', 'unknown', attempt);
    expect(store.list().map((m) => m.callbacks.length)).toEqual([1, 1, 0]);
    expect(store.findByProviderId('sendgrid', 'sg1')[1]?.callbacks).toEqual([attempt]);
    expect(Object.isFrozen(store.list()[0]?.callbacks)).toBe(true);

    store.add(sms('SM2'));
    store.addCallbackAttempt('sendgrid', 'sg1', { ...attempt, status: 'delivered' });
    expect(store.list().map((m) => [m.to, m.callbacks.map((c) => c.status)])).toEqual([
      ['b@example.com', ['processed', 'delivered']],
      ['+15550000001', []],
      ['+15550000001', []],
    ]);
  });

  it('empties on clear and accepts new records afterwards', () => {
    const store = new MessageStore(2);
    store.add(sms('SM1'));
    store.add(sms('SM2'));
    store.clear();
    expect(store.list()).toEqual([]);
    expect(store.findByProviderId('twilio', 'SM1')).toEqual([]);
    store.add(sms('SM3'));
    expect(store.list().map((m) => m.provider_message_id)).toEqual(['SM3']);
  });

  it('refuses a capacity that could hold nothing', () => {
    expect(() => new MessageStore(0)).toThrow(RangeError);
  });
});
