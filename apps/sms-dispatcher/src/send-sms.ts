import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchProvider } from '@switchboard/dispatch';
import {
  ErrorClasses,
  ProviderError,
  classifyFailure,
  statusCallbackFor,
  type SmsProvider,
} from '@switchboard/providers';
import { SENDER_NOT_CLAIMED, type SenderCheck } from '@switchboard/tenancy';

/**
 * An SMS/MMS provider as the dispatcher drives it. The sender is checked again right before the
 * provider is called: a number released (or never claimed) since the message was accepted fails
 * it for good instead of sending it.
 */
export function smsDispatchProvider(
  provider: SmsProvider,
  statusCallbackUrl: string | undefined,
  checkSender: SenderCheck,
): DispatchProvider {
  const sent = (r: { provider: string; providerMessageId: string }) => ({
    provider: r.provider,
    providerMessageId: r.providerMessageId,
  });
  return {
    name: provider.name,
    async send(command: DispatchCommand) {
      const refusal = await checkSender(command);
      if (refusal) {
        throw new ProviderError(provider.name, ErrorClasses.permanent, `from ${refusal}`, {
          code: SENDER_NOT_CLAIMED,
        });
      }
      return sent(
        await provider.send({
          messageId: command.message_id,
          from: command.from,
          to: command.to,
          body: command.body,
          mediaUrls: command.type === 'mms' ? command.attachments : [],
          // Each attempt's callbacks name the message and the attempt they are about.
          ...(statusCallbackUrl
            ? {
                statusCallbackUrl: statusCallbackFor(
                  statusCallbackUrl,
                  command.message_id,
                  command.generation,
                ),
              }
            : {}),
        }),
      );
    },
    classify: (err) => classifyFailure(err, provider.name),
    ...(provider.findSent
      ? {
          findSent: async (command: DispatchCommand, since: Date) =>
            (
              await provider.findSent!({
                from: command.from,
                to: command.to,
                body: command.body,
                since,
              })
            ).map(sent),
        }
      : {}),
  };
}
