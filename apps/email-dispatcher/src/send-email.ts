import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchResult } from '@switchboard/dispatch';
import { htmlToText, type EmailProvider } from '@switchboard/providers';

/** Sends one email dispatch command: the body is HTML, with a derived plain-text alternative. */
export async function sendEmail(
  provider: EmailProvider,
  command: DispatchCommand,
): Promise<DispatchResult> {
  const result = await provider.send({
    messageId: command.message_id,
    from: command.from,
    to: command.to,
    subject: command.subject ?? '',
    html: command.body,
    text: htmlToText(command.body),
    attachmentUrls: command.attachments,
  });
  return { provider: result.provider, providerMessageId: result.providerMessageId };
}
