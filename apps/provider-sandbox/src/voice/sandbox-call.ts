import type { CallbackAttempt } from '../sandbox-message';

export const VoiceProviders = ['twilio', 'telnyx'] as const;
export type VoiceProvider = (typeof VoiceProviders)[number];

/** Who (or what) picks up calls to a number, set through `POST /sandbox/voice`. */
export const AnswerModes = ['human', 'machine', 'busy', 'no-answer', 'fail'] as const;
export type AnswerMode = (typeof AnswerModes)[number];

/** A call's status with Twilio's words (TeXML uses the same). */
export type CallStatus =
  | 'queued'
  | 'initiated'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled';

/** The statuses a call ends in. */
export const FINAL_CALL_STATUSES: ReadonlySet<CallStatus> = new Set([
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
]);

/** `MachineDetection` as requested. */
export type MachineDetection = 'Enable' | 'DetectMessageEnd';

/**
 * What the other end heard (outbound) or what our instructions did (inbound), in order. `at` is
 * the second of the call, counted from the answer, at which the item started.
 */
export type HeardItem =
  | { verb: 'say'; at: number; text: string; voice: string | null; language: string | null }
  | { verb: 'play'; at: number; url: string }
  | { verb: 'pause'; at: number; seconds: number }
  | { verb: 'record'; at: number; recording_sid: string | null; seconds: number }
  | { verb: 'dial'; at: number; number: string; status: CallStatus; seconds: number }
  | { verb: 'redirect'; at: number; url: string }
  | { verb: 'hangup'; at: number }
  | { verb: 'reject'; at: number }
  | { verb: 'unsupported'; at: number; name: string };

/** A recording an inbound caller left through `<Record>`. */
export interface SandboxRecording {
  sid: string;
  url: string;
  duration_seconds: number;
  /** What the transcription said; null when none was asked for. */
  transcript: string | null;
}

/** For a call a machine answered: when its beep sounded and whether our content came after it. */
export interface VoicemailOutcome {
  /** Seconds after the answer at which the greeting's beep sounded. */
  beep_at: number;
  /** The first `<Say>` or `<Play>` started after the beep: it is on the recording whole. */
  content_after_beep: boolean | null;
}

/**
 * One call the sandbox placed (outbound, through a provider's API) or simulated (inbound), as
 * `GET /sandbox/calls` shows it, with wire names (snake_case).
 */
export interface SandboxCall {
  provider: VoiceProvider;
  direction: 'outbound-api' | 'inbound';
  sid: string;
  /** The account the call was placed from (Twilio's `AC…`, the TeXML path's account sid). */
  account_sid: string;
  /** TeXML's `ApplicationSid` (its connection); null for Twilio. */
  application_sid: string | null;
  from: string;
  to: string;
  /** How the called party was set to answer (the caller's side for inbound calls: `human`). */
  answer: AnswerMode;
  status: CallStatus;
  /** Twilio's AnsweredBy: `human`, `machine_start`, `machine_end_beep`…; null without detection. */
  answered_by: string | null;
  machine_detection: MachineDetection | null;
  async_amd: boolean;
  /** Inline instructions, or the URL they were fetched from. */
  twiml: string | null;
  url: string | null;
  status_callback: string | null;
  status_callback_events: readonly string[];
  heard: HeardItem[];
  voicemail: VoicemailOutcome | null;
  recordings: SandboxRecording[];
  /** Seconds from answer to hangup, as CallDuration reports them; null until the call ended. */
  duration_seconds: number | null;
  /** Why the instructions could not be followed (a fetch that failed, a document unreadable). */
  error: string | null;
  /** ISO 8601. */
  created_at: string;
  answered_at: string | null;
  ended_at: string | null;
  /** Every webhook the sandbox sent about the call, oldest first. */
  callbacks: CallbackAttempt[];
}
