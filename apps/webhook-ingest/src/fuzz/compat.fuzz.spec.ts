import fc from 'fast-check';
import { RUNS, expectWellFormed, post, serveWebhooks } from './fuzz-harness';
import { anyText } from './webhook-arbitraries';

const compatSms = fc.record(
  {
    from: anyText,
    to: anyText,
    type: fc.constantFrom('sms', 'mms', 'email', 'x'),
    messaging_provider_id: anyText,
    body: anyText,
    attachments: fc.oneof(fc.constant(null), fc.array(anyText, { maxLength: 12 })),
    timestamp: fc.oneof(fc.constant('2024-11-01T14:00:00Z'), anyText),
  },
  { requiredKeys: [] },
);
const compatEmail = fc.record(
  {
    from: anyText,
    to: anyText,
    xillio_id: anyText,
    body: anyText,
    attachments: fc.oneof(fc.constant(null), fc.array(anyText, { maxLength: 12 })),
    timestamp: fc.oneof(fc.constant('2024-11-01T14:00:00Z'), anyText),
  },
  { requiredKeys: [] },
);

describe('the compatible inbound webhook parsers under generated input, with verification off', () => {
  const target = serveWebhooks(false);

  it('answers any JSON with 200 or a 400 problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/webhooks/sms', '/api/webhooks/email'),
        fc.oneof(compatSms, compatEmail, fc.jsonValue()),
        async (path, payload) => {
          const answer = await post(target.base, path, JSON.stringify(payload), {
            'content-type': 'application/json',
          });
          expectWellFormed(answer, [200]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
