import type { ChannelSender, DispatchCommand, OutgoingFile } from '@switchboard/contracts';
import { statusCallbackFor } from '../callback-attempt';
import type { SmsProvider } from '../provider';
import { classifyFailure } from '../provider-error';

export interface SmsChannelOptions {
  /** Where this provider should post status callbacks; none are asked for when unset. */
  statusCallbackUrl?: string | undefined;
}

/**
 * An SMS/MMS provider as the dispatcher drives it: a dispatch command becomes the provider's
 * SMS (media only for an MMS), each attempt asking for callbacks about itself.
 *
 * @example const twilioSender = smsChannelSender(createTwilioSmsProvider(client), { statusCallbackUrl });
 */
export function smsChannelSender(
  provider: SmsProvider,
  options: SmsChannelOptions = {},
): ChannelSender {
  const { statusCallbackUrl } = options;
  return {
    name: provider.name,
    async send(command: DispatchCommand, files?: readonly OutgoingFile[]) {
      return provider.send({
        messageId: command.message_id,
        from: command.from,
        to: command.to,
        body: command.body,
        // Stored and scanned media go out as signed URLs of ours, which the provider fetches.
        mediaUrls: command.type === 'mms' ? (files?.map((f) => f.url) ?? command.attachments) : [],
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
      });
    },
    classify: (err) => classifyFailure(err, provider.name),
    ...(provider.findSent
      ? {
          findSent: (command: DispatchCommand, since: Date) =>
            provider.findSent!({
              from: command.from,
              to: command.to,
              body: command.body,
              since,
            }),
        }
      : {}),
  };
}
