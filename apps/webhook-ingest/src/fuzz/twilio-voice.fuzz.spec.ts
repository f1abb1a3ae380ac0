import fc from 'fast-check';
import { RUNS, expectWellFormed, post, serveWebhooks } from './fuzz-harness';
import { anyText } from './webhook-arbitraries';

const VOICE = '/api/v1/webhooks/twilio/voice';

/** One call's requests, in a random order, with any of their parameters possibly hostile. */
const plausibleCall = fc.record({
  CallSid: fc.oneof(fc.constant(`CA${'b'.repeat(32)}`), anyText),
  From: fc.oneof(fc.constant('+15551234567'), fc.constant('anonymous'), anyText),
  To: fc.oneof(fc.constant('+15557654321'), anyText),
  RecordingSid: fc.oneof(fc.constant(`RE${'c'.repeat(32)}`), anyText),
  RecordingUrl: fc.oneof(fc.constant('https://api.twilio.com/Recordings/RE1'), anyText),
  RecordingDuration: fc.oneof(fc.constantFrom('0', '7', '99999999', '-1', 'x'), anyText),
  RecordingStatus: fc.constantFrom('completed', 'in-progress', 'failed', ''),
  TranscriptionText: anyText,
  TranscriptionStatus: fc.constantFrom('completed', 'failed', 'weird', ''),
  CallStatus: fc.constantFrom('ringing', 'completed', 'busy', 'no-answer', 'weird', ''),
  CallDuration: anyText,
});
const paths = fc.shuffledSubarray(
  ['', '/recorded', '/recording', '/transcription', '/inbound-status'],
  { minLength: 1 },
);

describe('the Twilio voice webhooks under generated input, with verification off', () => {
  const target = serveWebhooks(false);

  it('answer any call’s requests, in any order, with TwiML or a 400 problem; accepted ones are valid events', async () => {
    await fc.assert(
      fc.asyncProperty(plausibleCall, paths, async (form, order) => {
        const body = new URLSearchParams(form).toString();
        for (const path of order) {
          const answer = await post(target.base, `${VOICE}${path}`, body, {
            'content-type': 'application/x-www-form-urlencoded',
          });
          expectWellFormed(answer, [200]);
          if (answer.status === 200) expect(answer.type).toContain('text/xml');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
