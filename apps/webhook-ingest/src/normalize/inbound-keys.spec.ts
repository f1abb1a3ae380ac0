import { normalizeCompatSms } from './compat.normalizer';
import { MAX_INBOUND_RECIPIENTS, normalizeInboundParse } from './inbound-parse.normalizer';
import { WebhookFormatError } from './normalized-webhook';
import { normalizeTwilio } from './twilio.normalizer';

const NOW = new Date('2026-01-01T00:00:00Z');

const parsePost = (over: Record<string, string> = {}) => ({
  from: 'Partner <billing@partner.example.org>',
  to: 'sales@a.example.com, hello@b.example.com',
  subject: 'Invoice',
  text: 'Please pay',
  html: '<p>Please pay</p>',
  headers: 'Message-ID: <fixed@partner.example.org>\nSubject: Invoice\n',
  envelope: JSON.stringify({
    to: ['sales@a.example.com', 'hello@b.example.com', 'SALES@a.example.com'],
    from: 'billing@partner.example.org',
  }),
  ...over,
});

describe('inbound dedupe keys are scoped by recipient', () => {
  it('makes one Inbound Parse email per envelope recipient, each with its own key', () => {
    const { inbound } = normalizeInboundParse(parsePost(), NOW, 'US');
    expect(inbound.map((e) => e.to)).toEqual(['sales@a.example.com', 'hello@b.example.com']);
    expect(new Set(inbound.map((e) => e.event_id)).size).toBe(2);
    // The Message-ID is the sender's to choose: it is no provider id.
    expect(inbound.map((e) => e.provider_message_id)).toEqual([null, null]);
  });

  it('recognises a re-post of the same email, but not different content under a reused Message-ID', () => {
    const ids = (post: Record<string, string>) =>
      normalizeInboundParse(post, NOW, 'US').inbound.map((e) => e.event_id);
    expect(ids(parsePost())).toEqual(ids(parsePost()));
    const spoof = ids(parsePost({ subject: 'Nothing to see', text: 'x', html: 'x' }));
    expect(spoof.filter((id) => ids(parsePost()).includes(id))).toEqual([]);
  });

  it('falls back to the To header without an envelope, and refuses a post naming too many recipients', () => {
    const { inbound } = normalizeInboundParse(parsePost({ envelope: '' }), NOW, 'US');
    expect(inbound.map((e) => e.to)).toEqual(['sales@a.example.com', 'hello@b.example.com']);
    const many = Array.from({ length: MAX_INBOUND_RECIPIENTS + 1 }, (_, i) => `u${i}@a.example`);
    expect(() =>
      normalizeInboundParse(parsePost({ envelope: JSON.stringify({ to: many }) }), NOW, 'US'),
    ).toThrow(WebhookFormatError);
  });

  it('keys inbound SMS by provider id and recipient, within the event id limit', () => {
    const twilio = normalizeTwilio(
      { MessageSid: 'SM0123', From: '+15550001111', To: '+15550002222', Body: 'hi' },
      NOW,
      'US',
    );
    expect(twilio.inbound[0]!.event_id).toBe('twilio:SM0123:+15550002222');
    const compat = normalizeCompatSms(
      {
        from: '+15550001111',
        to: '+15550002222',
        type: 'sms',
        messaging_provider_id: 'x'.repeat(200),
        body: 'hi',
      },
      NOW,
      'US',
    );
    const id = compat.inbound[0]!.event_id;
    expect(id.length).toBeLessThanOrEqual(200);
    const other = normalizeCompatSms(
      {
        from: '+15550001111',
        to: '+15550003333',
        type: 'sms',
        messaging_provider_id: 'x'.repeat(200),
        body: 'hi',
      },
      NOW,
      'US',
    );
    expect(other.inbound[0]!.event_id).not.toBe(id);
  });
});
