import {
  DEFAULT_VOICE_GREETING,
  forwardCallTwiml,
  unclaimedNumberTwiml,
  voicemailTwiml,
} from './inbound-call-twiml';

const callbacks = {
  action: 'https://api.example.com/api/v1/webhooks/twilio/voice/recorded',
  recordingStatusCallback: 'https://api.example.com/api/v1/webhooks/twilio/voice/recording',
  transcribeCallback: 'https://api.example.com/api/v1/webhooks/twilio/voice/transcription',
};

describe('inbound call TwiML', () => {
  it('greets, then records with transcription and every callback as an absolute URL', () => {
    const twiml = voicemailTwiml(DEFAULT_VOICE_GREETING, callbacks);
    expect(twiml).toContain(`<Say>${DEFAULT_VOICE_GREETING}</Say>`);
    expect(twiml).toMatch(/<Record [^>]*transcribe="true"/);
    expect(twiml).toContain(`action="${callbacks.action}"`);
    expect(twiml).toContain(`recordingStatusCallback="${callbacks.recordingStatusCallback}"`);
    expect(twiml).toContain(`transcribeCallback="${callbacks.transcribeCallback}"`);
    expect(twiml.indexOf('<Say>')).toBeLessThan(twiml.indexOf('<Record'));
  });

  it('escapes a greeting an operator typed', () => {
    expect(voicemailTwiml('Tom & <Jerry>', callbacks)).toContain(
      '<Say>Tom &amp; &lt;Jerry&gt;</Say>',
    );
  });

  it('forwards with <Dial> and takes no recording', () => {
    const twiml = forwardCallTwiml('+15550001111');
    expect(twiml).toContain('<Dial>+15550001111</Dial>');
    expect(twiml).not.toContain('<Record');
  });

  it('turns a call to an unused number away politely', () => {
    expect(unclaimedNumberTwiml()).toMatch(/<Say>[^<]+<\/Say><Hangup\/><\/Response>$/);
  });
});
