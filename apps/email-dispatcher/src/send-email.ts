import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchResult } from '@switchboard/dispatch';
import { htmlToText, type EmailProvider } from '@switchboard/providers';

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

/** Sends one email dispatch command: the body is HTML, with a derived plain-text alternative. */
export async function sendEmail(
  provider: EmailProvider,
  command: DispatchCommand,
): Promise<DispatchResult> {
  const text = htmlToText(command.body);
  const result = await provider.send({
    messageId: command.message_id,
    from: command.from,
    to: command.to,
    subject: subjectFor(command.subject, text),
    html: command.body,
    text,
    attachmentUrls: command.attachments,
  });
  return { provider: result.provider, providerMessageId: result.providerMessageId };
}
