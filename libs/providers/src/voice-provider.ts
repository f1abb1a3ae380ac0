import type { SendResult } from '@switchboard/contracts';

/** What a call says: text spoken by text-to-speech, or an audio file played. */
export type VoiceContent =
  | {
      kind: 'speech';
      text: string;
      /** A BCP 47 tag the provider's TTS knows, e.g. `en-US`. */
      language?: string;
      /** The provider's voice name, e.g. `alice` or `Polly.Joanna`. */
      voice?: string;
    }
  | { kind: 'audio'; url: string };

/** What a voicemail drop does when a person answers instead of a machine. */
export type OnHuman = 'play' | 'hangup';

/** A call ready for a provider: numbers in E.164, audio as an https URL. */
export interface OutboundCall {
  messageId: string;
  from: string;
  to: string;
  content: VoiceContent;
  /**
   * A voicemail drop: the call runs answering-machine detection and the content starts after
   * the greeting's beep. `onHuman` says what a person who answers gets.
   */
  voicemail?: { onHuman: OnHuman };
  /** Where the provider should post call status callbacks, when we want them. */
  statusCallbackUrl?: string;
  /**
   * Our endpoint serving this call's instructions (`voiceTwiml(content, { answeredBy, onHuman })`),
   * which the provider asks once the call is answered, with `AnsweredBy` after detection. Needed
   * to hang up on a person (`voicemail.onHuman: 'hangup'`) and for instructions too long to send
   * inline; used whenever given.
   */
  instructionsUrl?: string;
}

/** What identifies a call when asking a provider whether it already placed it. */
export interface CallLookup {
  from: string;
  to: string;
  since: Date;
}

/** A provider that places calls. `send` resolves once the provider accepted the call (queued). */
export interface VoiceProvider {
  readonly name: string;
  send(call: OutboundCall): Promise<SendResult>;
  /**
   * Calls the provider created since `since` from `from` to `to`, newest first. Neither
   * provider's call resource carries anything of ours (a call shows no status callback URL or
   * parameter), so a call is told by its numbers and time: one conversation's calls go one at
   * a time, and the ledger excludes the ids earlier messages settled with.
   */
  findSent?(lookup: CallLookup): Promise<SendResult[]>;
}
