import type { MessageStatus } from '@switchboard/contracts';
import type { MessageRow } from '@switchboard/db';

export type ApplyStatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'parked';

/** What became of one event of a group, and the message it turned out to be about. */
export interface StatusResult {
  outcome: ApplyStatusOutcome;
  /** Our id of the message, when the event could be matched to one. */
  message_id: string | null;
}

/** A status change that was applied to a message: what the transitions metric counts. */
export interface AppliedTransition {
  message_id: string;
  status: MessageStatus;
  type: string;
  direction: string;
  provider: string | null;
  /** The event's own report: what the client events describing the change carry. */
  error_code: string | null;
  error_message: string | null;
  occurred_at: string;
  /**
   * For a call's move to a final status on the provider's word: how the call ended (the
   * provider's call status), who answered and for how long, as the message knows them now.
   */
  call?: {
    provider_status: string;
    answered_by: string | null;
    duration_seconds: number | null;
  };
}
export type OnApplied = (transition: AppliedTransition) => void;

/** A message as a group of status events sees it: locked, and changed in memory as they apply. */
export interface TrackedMessage {
  id: string;
  status: MessageStatus;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  dispatch_generation: number;
  type: string;
  direction: string;
  /** A call's options: a voicemail drop that hangs up on people fails when one answers. */
  voice: { on_human: 'play' | 'hangup' } | null;
  answered_by: string | null;
  duration_seconds: number | null;
  changed: boolean;
  /** The whole row as locked: what the client events describing a change carry, with the change. */
  stored: MessageRow;
}

/** One key for a provider's id of a message (the provider's ids are unique per provider only). */
export const providerKey = (provider: string, providerMessageId: string) =>
  `${provider}\u0000${providerMessageId}`;
