import type { StatusEvent } from '@switchboard/contracts';
import type { TrackedMessage } from './tracked-message';

/** The error code of a voicemail drop that hung up because a person answered. */
export const ANSWERED_BY_HUMAN = 'answered_by_human';

/**
 * Answering-machine detection heard a machine: `machine_start`, or `machine_end_beep` /
 * `_silence` / `_other` with `DetectMessageEnd`.
 */
const isMachine = (answeredBy: string | null | undefined) =>
  answeredBy?.startsWith('machine') ?? false;

/**
 * What a call's status means for its message, where only the message knows: a completed
 * voicemail drop that hangs up on people (`on_human: hangup`) was delivered only when a machine
 * answered; when anyone else did (a person, a fax, an undecided detection) nothing was left, and
 * it failed with `answered_by_human`. Other events are what they say.
 */
export function callOutcome(message: TrackedMessage, event: StatusEvent): StatusEvent {
  if (
    message.type !== 'voicemail' ||
    message.voice?.on_human !== 'hangup' ||
    event.status !== 'delivered' ||
    isMachine(event.answered_by ?? message.answered_by)
  ) {
    return event;
  }
  return {
    ...event,
    status: 'failed',
    error_code: ANSWERED_BY_HUMAN,
    error_message: 'A person answered; the voicemail drop hung up without leaving its content',
  };
}
