import type { DispatchCommand, SenderCheck } from '@switchboard/contracts';
import { ErrorClasses, ProviderError } from '../provider-error';

/** The error code of a message failed at dispatch because its tenant may not send from its address. */
export const SENDER_NOT_CLAIMED = 'sender_not_claimed';

/**
 * Checks the sender again right before a provider is called: an address released (or never
 * claimed) since the message was accepted fails it for good — with `provider` as the one that was
 * about to send it — instead of sending it.
 */
export async function refuseUnclaimedSender(
  provider: string,
  checkSender: SenderCheck,
  command: DispatchCommand,
): Promise<void> {
  const refusal = await checkSender(command);
  if (refusal) {
    throw new ProviderError(provider, ErrorClasses.permanent, `from ${refusal}`, {
      code: SENDER_NOT_CLAIMED,
    });
  }
}
