import { fieldsOf, refusal, send } from './send-command-fixtures';

describe('toSendCommand', () => {
  describe('validation', () => {
    it('refuses a phone sender with an email recipient, on `to`', () => {
      const errors = refusal({ from: '+15551234567', to: 'jane@example.com', body: 'hi' });
      expect(errors).toContainEqual({
        field: 'to',
        message: '`from` and `to` must both be phone numbers or both be email addresses',
      });
    });

    it('refuses an email sender with a phone recipient, naming the phone number field', () => {
      const errors = refusal({ from: 'app@example.com', to: '+15557654321', body: 'hi' });
      expect(fieldsOf(errors)).not.toContain('from');
      expect(fieldsOf(errors)).toContain('to');
    });

    it('refuses an email address on an explicit sms', () => {
      const errors = refusal({
        type: 'sms',
        from: '+15551234567',
        to: 'jane@example.com',
        body: 'hi',
      });
      expect(errors).toContainEqual({
        field: 'to',
        message: 'must be a phone number for a sms message',
      });
    });

    it('refuses phone numbers on an explicit email', () => {
      const errors = refusal({
        type: 'email',
        from: '+15551234567',
        to: '+15557654321',
        body: 'hi',
      });
      expect(fieldsOf(errors).sort()).toEqual(['from', 'to']);
    });

    it('refuses a phone number that is not possible', () => {
      expect(refusal({ from: '+1555', to: '+15557654321', body: 'hi' })).toEqual([
        { field: 'from', message: 'must be a possible phone number, e.g. +15551234567' },
      ]);
    });

    it('refuses an sms body over 1600 characters', () => {
      expect(refusal({ from: '+15551234567', to: '+15557654321', body: 'a'.repeat(1601) })).toEqual(
        [{ field: 'body', message: 'must be at most 1600 characters' }],
      );
    });

    it.each([[''], ['   '], ['\n\t']])('refuses an empty sms body %j', (body) => {
      expect(refusal({ from: '+15551234567', to: '+15557654321', body })).toEqual([
        { field: 'body', message: 'must not be empty' },
      ]);
    });

    it('refuses a subject on an sms', () => {
      expect(
        refusal({ from: '+15551234567', to: '+15557654321', body: 'hi', subject: 'Hello' }),
      ).toEqual([{ field: 'subject', message: 'is only for email, not sms' }]);
    });

    it('refuses attachments on an explicit sms', () => {
      expect(
        refusal({
          type: 'sms',
          from: '+15551234567',
          to: '+15557654321',
          body: 'hi',
          attachments: ['https://cdn.example.com/a.png'],
        }),
      ).toEqual([{ field: 'attachments', message: 'an sms has no attachments; send it as mms' }]);
    });

    it('refuses an mms with neither body nor attachments', () => {
      expect(refusal({ type: 'mms', from: '+15551234567', to: '+15557654321', body: ' ' })).toEqual(
        [{ field: 'body', message: 'an mms needs a body or attachments' }],
      );
    });

    it('accepts an mms with attachments and no body', () => {
      const command = send({
        from: '+15551234567',
        to: '+15557654321',
        body: '',
        attachments: ['https://cdn.example.com/a.png'],
      });
      expect(command.type).toBe('mms');
    });

    it.each([
      ['CR LF', 'Hello\r\nBcc: victim@example.com'],
      ['LF', 'Hello\nthere'],
      ['CR', 'Hello\rthere'],
    ])('refuses a %s in an email subject (header injection)', (_label, subject) => {
      expect(
        refusal({ from: 'app@example.com', to: 'jane@example.com', body: 'hi', subject }),
      ).toEqual([{ field: 'subject', message: 'must not contain line breaks' }]);
    });

    it('refuses a line break in an email address', () => {
      const errors = refusal({
        from: 'app@example.com',
        to: 'jane@example.com\r\nBcc: x@example.com',
        body: 'hi',
      });
      expect(fieldsOf(errors)).toEqual(['to']);
    });

    it('refuses an email with neither body nor subject, but accepts either alone', () => {
      expect(
        refusal({ from: 'app@example.com', to: 'jane@example.com', body: ' ', subject: ' ' }),
      ).toEqual([{ field: 'body', message: 'an email needs a body or a subject' }]);
      expect(
        send({ from: 'app@example.com', to: 'jane@example.com', body: '', subject: 'Ping' })
          .subject,
      ).toBe('Ping');
      expect(send({ from: 'app@example.com', to: 'jane@example.com', body: 'hi' }).body).toBe('hi');
    });

    it('counts an email body limit in UTF-8 bytes', () => {
      // 131 073 'é' are within the schema's character limit but 262 146 bytes.
      const errors = refusal({
        from: 'app@example.com',
        to: 'jane@example.com',
        body: 'é'.repeat(131_073),
      });
      expect(errors).toEqual([{ field: 'body', message: 'must be at most 262144 bytes' }]);
    });

    it('names every wrong field at once', () => {
      const errors = refusal({
        type: 'sms',
        from: 'not a number',
        to: '+15557654321',
        body: '',
        subject: 'Hi',
        attachments: ['https://cdn.example.com/a.png'],
      });
      expect(fieldsOf(errors).sort()).toEqual(['attachments', 'body', 'from', 'subject']);
    });
  });
});
