import type { ChannelSender, DispatchCommand, OutgoingFile } from '@switchboard/contracts';
import { htmlToText } from '@switchboard/text';
import type { EmailProvider, UnsubscribeLinksFor } from '../provider';
import { classifyFailure } from '../provider-error';

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

export interface EmailChannelOptions {
  /** The one-click unsubscribe links of a recipient's marketing mail; none: no such headers. */
  unsubscribeLinks?: UnsubscribeLinksFor;
}

/**
 * An email provider as the dispatcher drives it: HTML body with a derived plain-text
 * alternative.
 *
 * @example const sendgridSender = emailChannelSender(createSendGridEmailProvider(mail));
 */
export function emailChannelSender(
  provider: EmailProvider,
  options: EmailChannelOptions = {},
): ChannelSender {
  const { unsubscribeLinks } = options;
  return {
    name: provider.name,
    async send(command: DispatchCommand, files?: readonly OutgoingFile[]) {
      const text = htmlToText(command.body);
      // Stored and scanned files are attached as bytes, with their sniffed type and original name.
      const attached = files
        ? await Promise.all(
            files.map(async (f) => ({
              name: f.name,
              contentType: f.contentType,
              content: await f.read(),
            })),
          )
        : undefined;
      return provider.send({
        messageId: command.message_id,
        from: command.from,
        to: command.to,
        subject: subjectFor(command.subject, text),
        html: command.body,
        text,
        attachmentUrls: attached ? [] : command.attachments,
        ...(attached ? { files: attached } : {}),
        generation: command.generation,
        // Marketing mail only: transactional mail (receipts, codes) offers no unsubscribe.
        ...(unsubscribeLinks && command.category === 'marketing'
          ? { listUnsubscribe: unsubscribeLinks(command) }
          : {}),
      });
    },
    classify: (err) => classifyFailure(err, provider.name),
    ...(provider.close ? { close: () => provider.close!() } : {}),
  };
}
