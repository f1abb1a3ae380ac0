import type {
  ChannelSender,
  ConsentCheck,
  DispatchCommand,
  OutgoingFile,
  SenderCheck,
} from '@switchboard/contracts';
import { htmlToText } from '@switchboard/text';
import type { EmailProvider } from '../provider';
import { classifyFailure } from '../provider-error';
import { refuseWithoutConsent } from './consent-refusal';
import { refuseUnclaimedSender } from './sender-refusal';

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
  /** Whether the message's tenant may still send from its address. */
  checkSender: SenderCheck;
  /** Whether the recipient still consents (no opt-out, no suppression). */
  checkConsent: ConsentCheck;
}

/**
 * An email provider as the dispatcher drives it: HTML body with a derived plain-text
 * alternative. The sender is checked again right before the provider is called — every provider,
 * the SMTP relay (which would send with any From) included.
 *
 * @example const sendgridSender = emailChannelSender(createSendGridEmailProvider(mail), { checkSender, checkConsent });
 */
export function emailChannelSender(
  provider: EmailProvider,
  options: EmailChannelOptions,
): ChannelSender {
  const { checkSender, checkConsent } = options;
  return {
    name: provider.name,
    async send(command: DispatchCommand, files?: readonly OutgoingFile[]) {
      await refuseUnclaimedSender(provider.name, checkSender, command);
      await refuseWithoutConsent(provider.name, checkConsent, command);
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
      });
    },
    classify: (err) => classifyFailure(err, provider.name),
    ...(provider.close ? { close: () => provider.close!() } : {}),
  };
}
