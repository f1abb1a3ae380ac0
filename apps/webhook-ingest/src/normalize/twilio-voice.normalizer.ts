import type { InboundCallDetails, InboundMessageEvent } from '@switchboard/contracts';
import type { InboundCallRow } from '@switchboard/db';
import { inboundEventId } from './normalized-webhook';

/** Twilio's call statuses that end a call. */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
]);

/** Seconds as Twilio writes them; null when absent or not a count. */
export function secondsOf(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,6}$/.test(value)) return null;
  return Number(value);
}

/** What one callback knows of a voicemail. */
export interface VoicemailPart {
  /** Which callback: each has its own event id, and all of one call make one message. */
  source: 'recording' | 'transcription';
  recordingUrl: string | null;
  durationSeconds: number | null;
  /** The transcription callback's outcome; absent from the recording's. */
  transcript?: { text: string; failed: boolean };
}

function callEvent(
  call: InboundCallRow,
  key: string,
  type: 'voice' | 'voicemail',
  body: string,
  details: InboundCallDetails,
  now: Date,
): InboundMessageEvent {
  return {
    event_id: inboundEventId('twilio', `${call.call_sid}:${key}`, call.to_addr),
    provider: call.provider,
    // The call's id: every event of one call names the same message, so they merge into it.
    provider_message_id: call.call_sid,
    type,
    from: call.from_addr,
    to: call.to_addr,
    subject: null,
    body,
    attachments: details.recording_url ? [details.recording_url] : [],
    received_at: now.toISOString(),
    call: details,
  };
}

/**
 * The caller's voicemail as one callback knows it. The recording's callback makes it with a
 * `pending` transcript; the transcription's carries the text. Whichever arrives first creates
 * the message and the other completes it (conversation-service merges events of one call).
 */
export function voicemailEvent(call: InboundCallRow, part: VoicemailPart, now: Date) {
  const recordingUrl = part.recordingUrl ?? call.recording_url;
  return callEvent(
    call,
    part.source,
    'voicemail',
    part.transcript && !part.transcript.failed ? part.transcript.text : '',
    {
      call_sid: call.call_sid,
      outcome: 'voicemail',
      recording_url: recordingUrl,
      duration_seconds: part.durationSeconds ?? call.duration_seconds,
      transcript: part.transcript ? (part.transcript.failed ? 'failed' : 'completed') : 'pending',
    },
    now,
  );
}

/** A call that ended without a recording: the caller hung up before saying anything. */
export function missedCallEvent(call: InboundCallRow, now: Date): InboundMessageEvent {
  return callEvent(
    call,
    'missed',
    'voice',
    '',
    {
      call_sid: call.call_sid,
      outcome: 'missed',
      recording_url: null,
      duration_seconds: null,
      transcript: null,
    },
    now,
  );
}
