import type { ConsentCheck, DispatchCommand } from '@switchboard/contracts';
import { ErrorClasses, ProviderError } from '../provider-error';

/**
 * Checks the recipient's consent again right before a provider is called: an opt-out (STOP) or
 * suppression recorded since the message was accepted fails it for good — `recipient_opted_out`
 * or `recipient_suppressed` — instead of sending it. Every provider of the chain checks, so a
 * failover never reaches a recipient who said no.
 */
export async function refuseWithoutConsent(
  provider: string,
  checkConsent: ConsentCheck,
  command: DispatchCommand,
): Promise<void> {
  const refusal = await checkConsent(command);
  if (refusal) {
    throw new ProviderError(
      provider,
      ErrorClasses.permanent,
      `the recipient is on the suppression list (${refusal.reason})`,
      { code: refusal.code },
    );
  }
}
