import { InboundMessageEvent, Limits } from '@switchboard/contracts';
import { adversarialTexts, slowCalls } from '@switchboard/text/testing';
import { normalizeCompatEmail, normalizeCompatSms } from './compat.normalizer';
import { normalizeInboundParse } from './inbound-parse.normalizer';
import { WebhookFormatError, finalizeWebhook, type NormalizedWebhook } from './normalized-webhook';
import { normalizeSendGridEvents } from './sendgrid-events.normalizer';
import { normalizeTwilio } from './twilio.normalizer';
import { maskHeaders } from '../webhook-log.repository';

const NOW = new Date('2024-11-01T14:00:00Z');
const MiB = 1024 * 1024;

/** A normalisation as the routes run it: parsed, then finalised; a refusal is an answer too. */
const attempt = (normalize: () => NormalizedWebhook) => () => {
  try {
    return finalizeWebhook(normalize());
  } catch (err) {
    if (!(err instanceof WebhookFormatError)) throw err;
    return err;
  }
};

describe('webhook text fields from hostile input', () => {
  beforeAll(() =>
    attempt(() =>
      normalizeInboundParse(
        { from: 'a@example.com', to: 'b@example.com', html: '<p>warm up</p>' },
        NOW,
        'US',
      ),
    )(),
  );

  it.each(adversarialTexts())('normalises 1 MiB of %s within the budget', (_name, text) => {
    const calls: [string, () => unknown][] = [
      [
        'twilio inbound',
        attempt(() =>
          normalizeTwilio({ MessageSid: 'SM1', From: text, To: text, Body: text }, NOW, 'US'),
        ),
      ],
      [
        'twilio status',
        attempt(() =>
          normalizeTwilio(
            { MessageSid: text, MessageStatus: 'failed', ErrorCode: text, ErrorMessage: text },
            NOW,
            'US',
          ),
        ),
      ],
      [
        'inbound parse',
        attempt(() =>
          normalizeInboundParse(
            {
              from: text,
              to: text,
              subject: text,
              text,
              html: text,
              headers: text,
              envelope: text,
            },
            NOW,
            'US',
          ),
        ),
      ],
      [
        'inbound parse with valid addresses',
        attempt(() =>
          normalizeInboundParse(
            {
              from: 'a@example.com',
              to: 'b@example.com',
              subject: text,
              html: text,
              headers: text,
            },
            NOW,
            'US',
          ),
        ),
      ],
      [
        'twilio status text',
        attempt(() =>
          normalizeTwilio({ MessageSid: 'SM1', MessageStatus: text, SmsStatus: text }, NOW, 'US'),
        ),
      ],
      [
        'sendgrid event type and custom args',
        attempt(() =>
          normalizeSendGridEvents(
            [
              {
                event: text,
                sg_event_id: 'e1',
                switchboard_message_id: text,
                switchboard_generation: text,
                email: text,
              },
              {
                event: 'delivered',
                sg_event_id: 'e2',
                switchboard_message_id: text,
                switchboard_generation: text,
              },
            ],
            NOW,
          ),
        ),
      ],
      [
        'sendgrid events',
        attempt(() =>
          normalizeSendGridEvents(
            [{ event: 'bounce', sg_event_id: 'e1', sg_message_id: text, reason: text }],
            NOW,
          ),
        ),
      ],
      [
        'compat sms',
        attempt(() =>
          normalizeCompatSms(
            { from: text, to: text, type: 'sms', messaging_provider_id: 'p1', body: text },
            NOW,
            'US',
          ),
        ),
      ],
      [
        'compat timestamp',
        attempt(() =>
          normalizeCompatSms(
            {
              from: '+15551234567',
              to: '+15557654321',
              type: 'sms',
              messaging_provider_id: 'p1',
              body: 'hi',
              timestamp: text,
            },
            NOW,
            'US',
          ),
        ),
      ],
      ['audit headers', () => maskHeaders({ 'x-twilio-signature': text, 'user-agent': text })],
      [
        'compat email',
        attempt(() =>
          normalizeCompatEmail({ from: text, to: text, xillio_id: 'x1', body: text }, NOW, 'US'),
        ),
      ],
    ];
    expect(slowCalls(calls)).toEqual([]);
  });
});

describe('webhook forms from hostile input', () => {
  it('reads a Twilio form of a hundred thousand parameters within the budget', () => {
    const params = Object.fromEntries(
      Array.from({ length: 100_000 }, (_, i) => [`Param${i}`, 'x']),
    );
    Object.assign(params, { MessageSid: 'SM1', MessageStatus: 'delivered' });
    const read = attempt(() => normalizeTwilio(params, NOW, 'US'));
    expect(read()).toMatchObject({ statuses: [{ status: 'delivered' }] });
    expect(slowCalls([['twilio form', read]])).toEqual([]);
  });
});

describe('inbound text limits', () => {
  it('keeps the first 256 KiB of an inbound email body and the first 998 characters of its subject', () => {
    const { inbound } = finalizeWebhook(
      normalizeInboundParse(
        {
          from: 'Jane <jane@example.com>',
          to: 'support@example.com',
          subject: 's'.repeat(MiB),
          html: `<p>${'x'.repeat(MiB)}</p>`,
        },
        NOW,
        'US',
      ),
    );
    expect(inbound).toHaveLength(1);
    expect(inbound[0]!.body).toHaveLength(Limits.inboundEmailBodyChars);
    expect(inbound[0]!.body.startsWith('<p>xxx')).toBe(true);
    expect(inbound[0]!.subject).toHaveLength(Limits.subjectChars);
    expect(InboundMessageEvent.safeParse(inbound[0]).success).toBe(true);
  });

  it.each([
    ['control characters (six bytes each as JSON)', '\u0001'],
    ['quotes (two bytes each)', '"'],
    ['CJK (three bytes each)', '漢'],
  ])('keeps an inbound email of %s small enough for one NATS message', (_name, unit) => {
    const { inbound } = finalizeWebhook(
      normalizeInboundParse(
        { from: 'jane@example.com', to: 'support@example.com', html: unit.repeat(MiB) },
        NOW,
        'US',
      ),
    );
    const event = inbound[0]!;
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MiB);
    // Cut to fit, not emptied: the start of the message is kept.
    expect(event.body.length).toBeGreaterThan(Limits.inboundEmailBodyChars / 8);
    expect(event.body.startsWith(unit.repeat(10))).toBe(true);
  });

  it('keeps the first 1600 characters of an inbound SMS, never splitting a character', () => {
    const body = `${'a'.repeat(Limits.inboundSmsBodyChars - 1)}😀${'b'.repeat(10_000)}`;
    const { inbound } = finalizeWebhook(
      normalizeTwilio(
        { MessageSid: 'SM1', From: '+15551234567', To: '+15557654321', Body: body },
        NOW,
        'US',
      ),
    );
    expect(inbound[0]!.body).toBe('a'.repeat(Limits.inboundSmsBodyChars - 1));
  });

  it('refuses an address no provider could have reported', () => {
    expect(() =>
      finalizeWebhook(
        normalizeTwilio(
          { MessageSid: 'SM1', From: `+1${'5'.repeat(MiB)}`, To: '+15557654321', Body: 'hi' },
          NOW,
          'US',
        ),
      ),
    ).toThrow(WebhookFormatError);
  });

  it('is part of the contract: an oversized inbound event is refused by its schema', () => {
    const event = {
      event_id: 'twilio:SM1',
      provider: 'twilio',
      provider_message_id: 'SM1',
      type: 'email',
      from: 'jane@example.com',
      to: 'support@example.com',
      subject: null,
      body: 'x'.repeat(Limits.inboundEmailBodyChars),
      attachments: [],
      received_at: NOW.toISOString(),
    };
    expect(InboundMessageEvent.safeParse(event).success).toBe(true);
    expect(InboundMessageEvent.safeParse({ ...event, body: `${event.body}x` }).success).toBe(false);
    expect(
      InboundMessageEvent.safeParse({ ...event, type: 'sms', body: 'x'.repeat(1601) }).success,
    ).toBe(false);
  });
});
