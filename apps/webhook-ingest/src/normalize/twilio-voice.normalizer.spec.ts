import type { InboundCallRow } from '@switchboard/db';
import { missedCallEvent, secondsOf, voicemailEvent } from './twilio-voice.normalizer';

const call: InboundCallRow = {
  call_sid: 'CA0123456789abcdef0123456789abcdef',
  provider: 'twilio',
  from_addr: '+15559876543',
  to_addr: '+15551234567',
  mode: 'voicemail',
  recording_url: 'https://api.twilio.com/Recordings/RE1',
  duration_seconds: 7,
  recorded_at: new Date(),
  ended_at: null,
  created_at: new Date(),
};
const now = new Date('2026-01-01T00:00:00Z');

describe('the events of a call to one of our numbers', () => {
  it('name the call as the provider id, so every callback of one call is one message', () => {
    const recording = voicemailEvent(
      call,
      { source: 'recording', recordingUrl: call.recording_url, durationSeconds: 7 },
      now,
    );
    const transcript = voicemailEvent(
      call,
      {
        source: 'transcription',
        recordingUrl: null,
        durationSeconds: null,
        transcript: { text: 'Call me back', failed: false },
      },
      now,
    );
    expect(recording).toMatchObject({
      event_id: `twilio:${call.call_sid}:recording:${call.to_addr}`,
      provider_message_id: call.call_sid,
      type: 'voicemail',
      body: '',
      attachments: [call.recording_url],
      call: { outcome: 'voicemail', duration_seconds: 7, transcript: 'pending' },
    });
    // The transcription callback lacks the length; the call remembers it.
    expect(transcript).toMatchObject({
      event_id: `twilio:${call.call_sid}:transcription:${call.to_addr}`,
      provider_message_id: call.call_sid,
      body: 'Call me back',
      attachments: [call.recording_url],
      call: { duration_seconds: 7, transcript: 'completed' },
    });
  });

  it('keep a failed transcription out of the body', () => {
    const event = voicemailEvent(
      call,
      {
        source: 'transcription',
        recordingUrl: null,
        durationSeconds: null,
        transcript: { text: '(inaudible)', failed: true },
      },
      now,
    );
    expect(event).toMatchObject({ body: '', call: { transcript: 'failed' } });
  });

  it('make a missed call a voice message without a recording', () => {
    expect(missedCallEvent(call, now)).toMatchObject({
      type: 'voice',
      body: '',
      attachments: [],
      call: { outcome: 'missed', recording_url: null, transcript: null },
    });
  });

  it('read durations only when they are counts of seconds', () => {
    expect([secondsOf('12'), secondsOf(undefined), secondsOf('-1'), secondsOf('1e3')]).toEqual([
      12,
      null,
      null,
      null,
    ]);
  });
});
