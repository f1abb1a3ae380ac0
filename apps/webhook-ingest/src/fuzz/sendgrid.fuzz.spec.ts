import fc from 'fast-check';
import { RUNS, expectWellFormed, post, serveWebhooks } from './fuzz-harness';
import { anyText } from './webhook-arbitraries';

const sendGridEvent = fc.record(
  {
    event: fc.oneof(
      fc.constantFrom('processed', 'delivered', 'bounce', 'open', 'deferred'),
      anyText,
    ),
    sg_event_id: anyText,
    sg_message_id: anyText,
    timestamp: fc.oneof(fc.integer(), fc.double(), fc.constant(1e20), fc.constant(-1e20)),
    reason: anyText,
    status: anyText,
    switchboard_message_id: fc.oneof(fc.uuid(), anyText),
  },
  { requiredKeys: [] },
);

/** A multipart/form-data body by hand, so boundaries and field contents can be anything. */
function multipart(fields: readonly [string, string][], boundary = 'fuzzboundary'): Buffer {
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '')}"\r\n\r\n${value}\r\n`,
  );
  return Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
}
const inboundParseFields = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom('from', 'to', 'subject', 'text', 'html', 'envelope', 'headers'),
      fc.string({ maxLength: 6 }),
    ),
    fc.oneof(
      anyText,
      fc.constant('Jane <jane@example.com>'),
      fc.constant('{"to":["support@example.com"],"from":"jane@example.com"}'),
      fc.constant('Message-ID: <abc@example.com>\r\nSubject: hi'),
    ),
  ),
  { maxLength: 10 },
);

describe('the SendGrid webhook parsers under generated input, with verification off', () => {
  const target = serveWebhooks(false);

  it('Event Webhook: any JSON answers 204 or a 400 problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.array(sendGridEvent, { maxLength: 5 }), fc.jsonValue(), sendGridEvent),
        async (payload) => {
          const answer = await post(
            target.base,
            '/api/v1/webhooks/sendgrid',
            JSON.stringify(payload),
            { 'content-type': 'application/json' },
          );
          expectWellFormed(answer, [204]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('Inbound Parse: any multipart form answers 200 or a 400 problem', async () => {
    await fc.assert(
      fc.asyncProperty(inboundParseFields, async (fields) => {
        const answer = await post(
          target.base,
          '/api/v1/webhooks/sendgrid/inbound',
          multipart(fields),
          { 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
        );
        expectWellFormed(answer, [200]);
      }),
      { numRuns: RUNS },
    );
  });
});
