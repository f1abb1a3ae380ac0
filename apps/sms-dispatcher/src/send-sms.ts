import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchResult } from '@switchboard/dispatch';
import type { SmsProvider } from '@switchboard/providers';

/** Sends one SMS/MMS dispatch command through a provider. */
export async function sendSms(
  provider: SmsProvider,
  command: DispatchCommand,
  statusCallbackUrl: string | undefined,
): Promise<DispatchResult> {
  const result = await provider.send({
    messageId: command.message_id,
    from: command.from,
    to: command.to,
    body: command.body,
    mediaUrls: command.type === 'mms' ? command.attachments : [],
    ...(statusCallbackUrl ? { statusCallbackUrl } : {}),
  });
  return { provider: result.provider, providerMessageId: result.providerMessageId };
}
