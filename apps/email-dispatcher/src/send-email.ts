import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchProvider } from '@switchboard/dispatch';
import { SENDER_NOT_CLAIMED, type SenderCheck } from '@switchboard/tenancy';
import {
  ErrorClasses,
  ProviderError,
  classifyFailure,
  type EmailProvider,
} from '@switchboard/providers';
import { htmlToText } from '@switchboard/text';

/** RFC 5322's recommended line length: a derived subject stays within it. */
const SUBJECT_CHARS = 78;

/**
 * The subject to send: the one given, or — since providers refuse mail without one, and clients
 * such as the compatible email route have no subject field — the first line of the text.
 */
export function subjectFor(subject: string | null, text: string): string {
  const given = subject?.trim();
  if (given) return given;
  const firstLine =
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? '';
  if (!firstLine) return '(no subject)';
  const chars = Array.from(firstLine);
  return chars.length <= SUBJECT_CHARS
    ? firstLine
    : `${chars.slice(0, SUBJECT_CHARS - 1).join('')}…`;
}

/**
 * An email provider as the dispatcher drives it: HTML body with a derived plain-text
 * alternative. The sender is checked again right before the provider is called — every provider,
 * the SMTP relay (which would send with any From) included: an address released (or never
 * claimed) since the message was accepted fails it for good instead of sending it.
 */
export function emailDispatchProvider(
  provider: EmailProvider,
  checkSender: SenderCheck,
): DispatchProvider {
  return {
    name: provider.name,
    async send(command: DispatchCommand) {
      const refusal = await checkSender(command);
      if (refusal) {
        throw new ProviderError(provider.name, ErrorClasses.permanent, `from ${refusal}`, {
          code: SENDER_NOT_CLAIMED,
        });
      }
      const text = htmlToText(command.body);
      const result = await provider.send({
        messageId: command.message_id,
        from: command.from,
        to: command.to,
        subject: subjectFor(command.subject, text),
        html: command.body,
        text,
        attachmentUrls: command.attachments,
        generation: command.generation,
      });
      return { provider: result.provider, providerMessageId: result.providerMessageId };
    },
    classify: (err) => classifyFailure(err, provider.name),
  };
}
