import { TENANT, send } from './send-command-fixtures';

describe('toSendCommand', () => {
  describe('type inference', () => {
    it('sends between phone numbers as sms', () => {
      expect(send({ from: '+15551234567', to: '+15557654321', body: 'hi' }).type).toBe('sms');
    });

    it('sends between email addresses as email', () => {
      expect(
        send({ from: 'app@example.com', to: 'jane@example.com', body: '<p>hi</p>' }).type,
      ).toBe('email');
    });

    it('sends a phone message with attachments as mms', () => {
      const command = send({
        from: '+15551234567',
        to: '+15557654321',
        body: 'look',
        attachments: ['https://cdn.example.com/cat.jpg'],
      });
      expect(command.type).toBe('mms');
      expect(command.attachments).toEqual(['https://cdn.example.com/cat.jpg']);
    });

    it('keeps an email with attachments an email', () => {
      const command = send({
        from: 'app@example.com',
        to: 'jane@example.com',
        body: 'invoice attached',
        attachments: ['https://cdn.example.com/invoice.pdf'],
      });
      expect(command.type).toBe('email');
    });

    it('treats null attachments as none', () => {
      const command = send({
        from: '+15551234567',
        to: '+15557654321',
        body: 'hi',
        attachments: null,
      });
      expect(command.type).toBe('sms');
      expect(command.attachments).toEqual([]);
    });

    it('honours an explicit type', () => {
      expect(
        send({ type: 'mms', from: '+15551234567', to: '+15557654321', body: 'text only' }).type,
      ).toBe('mms');
    });
  });

  describe('normalisation', () => {
    it('returns a complete sms command with E.164 numbers', () => {
      expect(send({ from: '+1 (555) 123-4567', to: '555.765.4321', body: 'Hello!' })).toEqual({
        tenant_id: TENANT,
        type: 'sms',
        from: '+15551234567',
        to: '+15557654321',
        subject: null,
        body: 'Hello!',
        attachments: [],
        metadata: null,
        timestamp: null,
        encoding: 'GSM-7',
        segments: 1,
        voice: null,
        category: 'marketing',
      });
    });

    it('reads national numbers in the tenant default country', () => {
      const command = send({ from: '020 7946 0958', to: '07911 123456', body: 'hi' }, 'GB');
      expect(command.from).toBe('+442079460958');
      expect(command.to).toBe('+447911123456');
    });

    it('returns a complete email command with lower-cased addresses and no SMS fields', () => {
      const command = send({
        from: 'App@Example.COM',
        to: '  Jane.Doe@Example.com ',
        subject: 'Welcome',
        body: '<p>Hi</p>',
        metadata: { campaign: 'spring' },
        timestamp: '2024-05-01T12:00:00Z',
      });
      expect(command).toEqual({
        tenant_id: TENANT,
        type: 'email',
        from: 'app@example.com',
        to: 'jane.doe@example.com',
        subject: 'Welcome',
        body: '<p>Hi</p>',
        attachments: [],
        metadata: { campaign: 'spring' },
        timestamp: '2024-05-01T12:00:00Z',
        encoding: null,
        segments: null,
        voice: null,
        category: 'marketing',
      });
    });

    it('keeps the category a send names; marketing when it names none', () => {
      const base = { from: 'app@example.com', to: 'jane@example.com', body: 'hi' };
      expect(send({ ...base, category: 'transactional' }).category).toBe('transactional');
      expect(send({ ...base, category: 'marketing' }).category).toBe('marketing');
      expect(send(base).category).toBe('marketing');
    });

    it('gives an email without a subject an empty one', () => {
      expect(send({ from: 'app@example.com', to: 'jane@example.com', body: 'hi' }).subject).toBe(
        '',
      );
    });
  });

  describe('encoding and segments', () => {
    it('computes them for sms', () => {
      expect(
        send({ from: '+15551234567', to: '+15557654321', body: 'a'.repeat(161) }),
      ).toMatchObject({
        encoding: 'GSM-7',
        segments: 2,
      });
      expect(send({ from: '+15551234567', to: '+15557654321', body: 'Hi 😀' })).toMatchObject({
        encoding: 'UCS-2',
        segments: 1,
      });
    });

    it('computes them for mms', () => {
      const command = send({
        from: '+15551234567',
        to: '+15557654321',
        body: '中'.repeat(71),
        attachments: ['https://cdn.example.com/a.png'],
      });
      expect(command).toMatchObject({ type: 'mms', encoding: 'UCS-2', segments: 2 });
    });

    it('accepts an sms body of exactly 1600 characters', () => {
      const command = send({ from: '+15551234567', to: '+15557654321', body: 'a'.repeat(1600) });
      expect(command.segments).toBe(11);
    });
  });
});
