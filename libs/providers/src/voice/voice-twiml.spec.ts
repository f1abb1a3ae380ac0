import { ProviderError } from '../provider-error';
import type { OutboundCall } from '../voice-provider';
import {
  MAX_INLINE_TWIML_CHARS,
  callInstructions,
  isMachineAnswer,
  voiceTwiml,
} from './voice-twiml';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const speech = { kind: 'speech', text: 'Ready <now> & here' } as const;

describe('voiceTwiml', () => {
  it('says text with its voice and language, escaped, or plays audio', () => {
    expect(voiceTwiml({ ...speech, voice: 'Polly.Joanna', language: 'en-US' })).toBe(
      `${XML}<Response><Say voice="Polly.Joanna" language="en-US">Ready &lt;now&gt; &amp; here</Say></Response>`,
    );
    expect(voiceTwiml({ kind: 'audio', url: 'https://cdn.test/a.mp3?x=1&y=2' })).toBe(
      `${XML}<Response><Play>https://cdn.test/a.mp3?x=1&amp;y=2</Play></Response>`,
    );
  });

  it.each([
    ['machine_end_beep', true],
    ['machine_end_silence', true],
    ['machine_start', true],
    ['human', false],
    ['fax', false],
    ['unknown', false],
    [undefined, false],
  ])('for a drop that hangs up on people, answered by %s, plays: %s', (answeredBy, plays) => {
    const twiml = voiceTwiml(speech, {
      ...(answeredBy ? { answeredBy } : {}),
      onHuman: 'hangup',
    });
    expect(twiml.includes('<Say>')).toBe(plays);
    expect(twiml.includes('<Hangup/>')).toBe(!plays);
    expect(isMachineAnswer(answeredBy)).toBe(plays);
  });

  it('plays to anyone when people get the content too', () => {
    expect(voiceTwiml(speech, { answeredBy: 'human', onHuman: 'play' })).toContain('<Say>');
  });
});

describe('callInstructions', () => {
  const call: OutboundCall = {
    messageId: 'm',
    from: '+15550000001',
    to: '+15550000002',
    content: speech,
  };

  it('sends inline TwiML unless an instructions URL is given', () => {
    expect(callInstructions(call, 'twilio')).toEqual({ twiml: voiceTwiml(speech) });
    expect(
      callInstructions({ ...call, instructionsUrl: 'https://hooks.test/i' }, 'twilio'),
    ).toEqual({
      url: 'https://hooks.test/i',
    });
  });

  it('refuses permanently what inline TwiML cannot do', () => {
    const refusal = (c: OutboundCall) => {
      try {
        callInstructions(c, 'telnyx');
      } catch (err) {
        return err;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ ...call, voicemail: { onHuman: 'hangup' } })).toMatchObject({
      provider: 'telnyx',
      retryable: false,
      details: { code: 'instructions_url_required' },
    });
    const long = {
      ...call,
      content: { kind: 'speech', text: 'a'.repeat(MAX_INLINE_TWIML_CHARS) },
    } as const;
    const err = refusal(long);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ retryable: false, details: { code: 'instructions_too_long' } });
    expect(callInstructions({ ...long, instructionsUrl: 'https://hooks.test/i' }, 'x')).toEqual({
      url: 'https://hooks.test/i',
    });
  });
});
