import type { ConsentCheck, DispatchCommand, SenderCheck } from '@switchboard/contracts';
import type { SettledFailure } from './dispatch-settlement';

/** The error code of a message failed at dispatch because its tenant may not send from its address. */
export const SENDER_NOT_CLAIMED = 'sender_not_claimed';

/** What a message's tenant and recipient allow, asked of our own database before a provider round. */
export interface DispatchChecks {
  /** Whether the message's tenant may still send from its `from`. */
  checkSender: SenderCheck;
  /** Whether the message's recipient still consents (no opt-out, no suppression). */
  checkConsent: ConsentCheck;
}

export type CheckVerdict =
  /** The tenant may send, the recipient consents: the providers may be tried. */
  | { kind: 'clear' }
  /** A definite no: the message fails for good with this reason, no provider is called. */
  | { kind: 'refused'; failure: SettledFailure & { code: string } }
  /**
   * The checks could not be answered (our database did not): nothing is known about the
   * message, and nothing about any provider either. Try the message again later.
   */
  | { kind: 'unavailable'; error: unknown };

/**
 * Asks whether a message may go out now: its sender is still the tenant's, its recipient has not
 * opted out or been suppressed since it was accepted. This runs once per round, before the first
 * provider is tried — never inside a provider call — so a failure of our own database is never
 * taken for a provider's (no circuit opens, no failover) and a refusal covers every provider the
 * round could fail over to.
 *
 * @example const verdict = await checkDispatch(checks, command);
 */
export async function checkDispatch(
  checks: DispatchChecks,
  command: DispatchCommand,
): Promise<CheckVerdict> {
  try {
    const sender = await checks.checkSender(command);
    if (sender !== undefined) {
      return {
        kind: 'refused',
        failure: { provider: null, code: SENDER_NOT_CLAIMED, message: `from ${sender}` },
      };
    }
    const consent = await checks.checkConsent(command);
    if (consent !== undefined) {
      return {
        kind: 'refused',
        failure: {
          provider: null,
          code: consent.code,
          message: `the recipient is on the suppression list (${consent.reason})`,
        },
      };
    }
    return { kind: 'clear' };
  } catch (error) {
    return { kind: 'unavailable', error };
  }
}
