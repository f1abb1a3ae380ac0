import { AppError, Limits, SendMessageRequest } from '@switchboard/contracts';
import { toSendCommand } from './send-command';

const PHONES = { from: '+1 (555) 123-4567', to: '+15557654321' };

function send(input: Record<string, unknown>) {
  return toSendCommand(SendMessageRequest.parse(input), 'tenant-1', 'US');
}

function refusal(input: Record<string, unknown>): AppError {
  try {
    send(input);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the request to be refused');
}

describe('toSendCommand for calls', () => {
  it('places a call between normalised numbers, with voice options and no SMS segmentation', () => {
    expect(
      send({
        ...PHONES,
        type: 'voice',
        body: 'Your table is ready',
        voice: { language: 'en-US', voice: 'alice' },
      }),
    ).toMatchObject({
      type: 'voice',
      from: '+15551234567',
      to: '+15557654321',
      body: 'Your table is ready',
      encoding: null,
      segments: null,
      voice: { language: 'en-US', voice: 'alice', on_human: 'play' },
    });
  });

  it('defaults a voicemail drop to playing its content to a person, and keeps hangup when asked', () => {
    expect(send({ ...PHONES, type: 'voicemail', body: 'Hi' }).voice).toEqual({ on_human: 'play' });
    expect(
      send({ ...PHONES, type: 'voicemail', body: 'Hi', voice: { on_human: 'hangup' } }).voice,
    ).toEqual({ on_human: 'hangup' });
  });

  it('plays one audio file instead of speaking', () => {
    const command = send({
      ...PHONES,
      type: 'voice',
      body: '',
      attachments: ['https://cdn.example.com/notice.mp3'],
    });
    expect(command.attachments).toEqual(['https://cdn.example.com/notice.mp3']);
  });

  it('never infers a call, and keeps voice options for calls only', () => {
    expect(send({ ...PHONES, body: 'hi' }).voice).toBeNull();
    const err = refusal({ ...PHONES, body: 'hi', voice: { language: 'en-US' } });
    expect(err.code).toBe('validation_failed');
    expect(err.fields).toEqual([
      { field: 'voice', message: 'is only for voice and voicemail, not sms' },
    ]);
  });

  it('refuses a call to an email address as unprocessable, naming the field', () => {
    const err = refusal({
      from: '+15551234567',
      to: 'jane@example.com',
      type: 'voice',
      body: 'Hi',
    });
    expect(err.code).toBe('unprocessable');
    expect(err.fields).toEqual([
      { field: 'to', message: 'must be a phone number for a voice message' },
    ]);
  });

  it('bounds the spoken text, refuses a subject, a second audio file and an empty call', () => {
    expect(
      refusal({ ...PHONES, type: 'voice', body: 'a'.repeat(Limits.voiceBodyChars + 1) }).fields,
    ).toEqual([{ field: 'body', message: `must be at most ${Limits.voiceBodyChars} characters` }]);
    expect(refusal({ ...PHONES, type: 'voicemail', body: 'x', subject: 'Hi' }).fields).toEqual([
      { field: 'subject', message: 'is only for email, not voicemail' },
    ]);
    expect(
      refusal({
        ...PHONES,
        type: 'voice',
        body: '',
        attachments: ['https://cdn.example.com/a.mp3', 'https://cdn.example.com/b.mp3'],
      }).fields,
    ).toEqual([{ field: 'attachments', message: 'a voice message plays at most one audio file' }]);
    expect(refusal({ ...PHONES, type: 'voice', body: '  ' }).fields).toEqual([
      { field: 'body', message: 'a voice message needs a body or an audio file' },
    ]);
  });

  it('sends the audio file through the attachment host guard', () => {
    expect(
      refusal({ ...PHONES, type: 'voice', body: '', attachments: ['https://127.0.0.1/a.mp3'] })
        .fields[0]?.field,
    ).toBe('attachments.0');
  });

  it('refuses voice options that are not a language tag or a voice name', () => {
    expect(() =>
      send({ ...PHONES, type: 'voice', body: 'x', voice: { language: 'en US<' } }),
    ).toThrow();
    expect(() =>
      send({ ...PHONES, type: 'voicemail', body: 'x', voice: { on_human: 'shout' } }),
    ).toThrow();
  });
});
