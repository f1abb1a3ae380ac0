import { toRfc2822 } from '../twilio-message';
import type { ScriptContext } from './call-script';
import { CallTiming, boundedInt, speechSeconds } from './call-timing';
import { InstructionFetchError } from './instruction-fetcher';
import type { TwimlElement } from './twiml-reader';
import { methodOf, resolveUrl } from './verb-urls';

export interface RecordResult {
  /** Call time the verb took. */
  seconds: number;
  /** The party spoke, then hung up: the call is over. */
  callerHungUp: boolean;
}

/** `recordingStatusCallbackEvent`: space- or comma-separated, `completed` when absent. */
function recordingEvents(value: string | undefined): Set<string> {
  return new Set((value ?? 'completed').split(/[\s,]+/).filter(Boolean));
}

/**
 * `<Record>`: a party with something to say says it and hangs up, as a caller leaving a
 * voicemail does. Then, as Twilio does: the `action` URL is requested with the recording and
 * `Digits=hangup` (its answer ignored, the caller being gone), `recordingStatusCallback` hears
 * of the finished recording, and `transcribeCallback` gets the transcript once the call ended.
 * A silent party leaves no recording: the verb times out, no callback is sent and the document
 * goes on.
 */
export async function recordVerb(
  ctx: ScriptContext,
  verb: TwimlElement,
  at: number,
  documentUrl: string | null,
): Promise<RecordResult> {
  const { attributes } = verb;
  const speech = ctx.speech.trim();
  if (!speech) {
    const seconds = boundedInt(attributes.timeout, CallTiming.recordTimeoutSeconds, 1, 600);
    ctx.heard({ verb: 'record', at, recording_sid: null, seconds });
    await ctx.pass(seconds);
    return { seconds, callerHungUp: false };
  }

  const maxLength = boundedInt(attributes.maxLength, CallTiming.recordMaxSeconds, 1, 14_400);
  const seconds = Math.min(speechSeconds(speech), maxLength);
  const call = ctx.call();
  const recording = ctx.dialect.newRecording(call);
  const transcribeUrl = resolveUrl(attributes.transcribeCallback, documentUrl);
  const transcribe = attributes.transcribe === 'true' || transcribeUrl !== undefined;
  const recordingParams = {
    RecordingSid: recording.sid,
    RecordingUrl: recording.url,
    RecordingDuration: String(seconds),
  };
  const statusUrl = resolveUrl(attributes.recordingStatusCallback, documentUrl);
  const events = recordingEvents(attributes.recordingStatusCallbackEvent);
  const startedAt = toRfc2822(new Date());
  const recordingStatus = (status: 'in-progress' | 'completed') =>
    ctx.dialect.request(statusUrl!, 'POST', {
      AccountSid: call.account_sid,
      CallSid: call.sid,
      ...recordingParams,
      ...(status === 'in-progress' ? { RecordingDuration: '0' } : {}),
      RecordingStatus: status,
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
      RecordingStartTime: startedAt,
      ErrorCode: '0',
    });

  ctx.heard({ verb: 'record', at, recording_sid: recording.sid, seconds });
  if (statusUrl && events.has('in-progress')) {
    await ctx.post(recordingStatus('in-progress'), 'recording-in-progress');
  }
  await ctx.pass(seconds);
  ctx.recorded({
    sid: recording.sid,
    url: recording.url,
    duration_seconds: seconds,
    transcript: transcribe ? speech : null,
  });

  const action = resolveUrl(attributes.action, documentUrl);
  if (action) {
    const params = {
      ...ctx.dialect.callParams(call, 'completed'),
      ...recordingParams,
      Digits: 'hangup',
    };
    await ctx.fetcher.fetch(ctx.dialect.request(action, methodOf(verb), params)).catch((err) => {
      // What the action answers is not followed, and a failure changes nothing either.
      if (!(err instanceof InstructionFetchError)) throw err;
    });
  }
  if (statusUrl && events.has('completed')) {
    await ctx.post(recordingStatus('completed'), 'recording-completed');
  }
  if (transcribeUrl) {
    const transcriptionSid = ctx.dialect.newTranscriptionSid();
    ctx.afterCall(() =>
      ctx.post(
        ctx.dialect.request(transcribeUrl, 'POST', {
          ...ctx.dialect.callParams(call, 'completed'),
          ...recordingParams,
          TranscriptionSid: transcriptionSid,
          TranscriptionText: speech,
          TranscriptionStatus: 'completed',
          TranscriptionType: 'fast',
          TranscriptionUrl: `${recording.url}/Transcriptions/${transcriptionSid}`,
        }),
        'transcription-completed',
      ),
    );
  }
  return { seconds, callerHungUp: true };
}
