import { AppError, SendMessageRequest, type FieldError } from '@switchboard/contracts';
import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import { toSendCommand } from './send-command';

const TENANT = 'tenant-1';

/** A request as the route has it: parsed by the contracts schema first. */
function request(input: Record<string, unknown>): SendMessageRequest {
  return SendMessageRequest.parse(input);
}

function send(input: Record<string, unknown>, defaultCountry = 'US') {
  return toSendCommand(request(input), TENANT, defaultCountry);
}

/** The field errors a request is refused with. */
function refusal(input: Record<string, unknown>): readonly FieldError[] {
  try {
    send(input);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    expect(err.code).toBe('validation_failed');
    return err.fields;
  }
  throw new Error('expected the request to be refused');
}

const fieldsOf = (errors: readonly FieldError[]) => errors.map((e) => e.field);

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
      });
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

describe('send requests with hostile text', () => {
  /** Refused or accepted, as long as it answers: what is measured is how long it takes. */
  const attempt = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  };

  it.each(adversarialTexts())('checks 1 MiB of %s within the budget', (_name, text) => {
    const calls: [string, () => unknown][] = [
      [
        'schema',
        () => SendMessageRequest.safeParse({ from: text, to: text, subject: text, body: text }),
      ],
      [
        'email subject, names and body',
        attempt(() =>
          toSendCommand(
            { from: text, to: `${text}@example.com`, type: 'email', subject: text, body: text },
            TENANT,
            'US',
          ),
        ),
      ],
      [
        'sms addresses and body',
        attempt(() =>
          toSendCommand({ from: text, to: text, type: 'sms', body: text }, TENANT, 'US'),
        ),
      ],
    ];
    expect(slowCalls(calls)).toEqual([]);
  });
});
