import fc from 'fast-check';
import { RUNS, expectWellFormed, post, serveWebhooks } from './fuzz-harness';
import { anyText, plausibleTwilio } from './webhook-arbitraries';

const twilioKeys = fc.constantFrom(
  'MessageSid',
  'SmsStatus',
  'MessageStatus',
  'From',
  'To',
  'Body',
  'NumMedia',
  'MediaUrl0',
  'MediaUrl1',
  'ErrorCode',
  'ErrorMessage',
  'AccountSid',
);
const twilioForm = fc.array(fc.tuple(fc.oneof(twilioKeys, fc.string({ maxLength: 8 })), anyText), {
  maxLength: 12,
});

describe('the Twilio webhook parser under generated input, with verification off', () => {
  const target = serveWebhooks(false);

  it('answers any form with TwiML or a 400 problem, and accepted ones are valid events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          twilioForm,
          plausibleTwilio.map((r) => Object.entries(r)),
        ),
        async (pairs) => {
          const body = new URLSearchParams(pairs as [string, string][]).toString();
          const answer = await post(target.base, '/api/v1/webhooks/twilio', body, {
            'content-type': 'application/x-www-form-urlencoded',
          });
          expectWellFormed(answer, [200]);
          if (answer.status === 200) expect(answer.type).toContain('text/xml');
        },
      ),
      { numRuns: RUNS },
    );
  });
});
