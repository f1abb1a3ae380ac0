import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchProvider } from '@switchboard/dispatch';
import { classifyFailure, statusCallbackFor, type SmsProvider } from '@switchboard/providers';

/** An SMS/MMS provider as the dispatcher drives it. */
export function smsDispatchProvider(
  provider: SmsProvider,
  statusCallbackUrl: string | undefined,
): DispatchProvider {
  const sent = (r: { provider: string; providerMessageId: string }) => ({
    provider: r.provider,
    providerMessageId: r.providerMessageId,
  });
  return {
    name: provider.name,
    async send(command: DispatchCommand) {
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
