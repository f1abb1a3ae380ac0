import type { NodemailerError } from 'nodemailer';
import type { SendResult } from '@switchboard/contracts';
import { withAttachmentLinks } from '../attachment-links';
import { listUnsubscribeHeaders, type EmailProvider, type OutboundEmail } from '../provider';
import { ErrorClasses, ProviderError, type ErrorClass } from '../provider-error';
import type { SmtpTransport } from './smtp-transport';

/** An SMTP relay behind a pool of connections, which `close()` ends (at shutdown). */
export interface SmtpEmailProvider extends EmailProvider {
  close(): void;
}

/** The header that carries our message id, for bounces and replies to find their way back. */
export const SMTP_MESSAGE_ID_HEADER = 'X-Switchboard-Message-Id';

/** Errors nodemailer raises about the message itself before any server saw it. */
const LOCAL_PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS']);

/** nodemailer's code for a connection that TLS could not protect. */
const TLS_FAILURE_CODE = 'ETLS';

/** SMTP reply classes: 4xx says try again later, 5xx says never. */
export function classifySmtpReply(code: number): ErrorClass {
  return code >= 500 ? ErrorClasses.permanent : ErrorClasses.retryable;
}

function toProviderError(err: unknown): ProviderError {
  const e = err as Partial<NodemailerError> | undefined;
  const message = e?.message ?? 'SMTP send failed';
  // A connection that could not be secured (STARTTLS refused or not offered, with TLS
  // required) says nothing about the message, whatever reply code came with it.
  if (e?.code === TLS_FAILURE_CODE) {
    return new ProviderError(
      'smtp',
      ErrorClasses.retryable,
      message,
      { code: e.code },
      {
        cause: err,
      },
    );
  }
  if (typeof e?.responseCode === 'number') {
    return new ProviderError(
      'smtp',
      classifySmtpReply(e.responseCode),
      e.response ?? message,
      { code: String(e.responseCode) },
      { cause: err },
    );
  }
  // No reply: a refused, dropped or silent connection is worth retrying; a message nodemailer
  // could not even build is not.
  const errorClass =
    e?.code && LOCAL_PERMANENT_CODES.has(e.code) ? ErrorClasses.permanent : ErrorClasses.retryable;
  return new ProviderError('smtp', errorClass, message, e?.code ? { code: e.code } : {}, {
    cause: err,
  });
}

/**
 * Email through any SMTP relay over nodemailer's pooled transport (`createSmtpTransport`);
 * files are attached as MIME parts, links as with SendGrid. Retries are the dispatcher's: a failed send is
 * not re-queued by the pool.
 *
 * @example const smtp = createSmtpEmailProvider(createSmtpTransport({ host: '127.0.0.1', port: 2525, user, password }));
 */
export function createSmtpEmailProvider(transport: SmtpTransport): SmtpEmailProvider {
  return {
    name: 'smtp',
    async send(message: OutboundEmail): Promise<SendResult> {
      const { html, text } = withAttachmentLinks(message);
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text,
          html,
          ...(message.files?.length
            ? {
                attachments: message.files.map((f) => ({
                  filename: f.name,
                  contentType: f.contentType,
                  content: f.content,
                })),
              }
            : {}),
          headers: {
            [SMTP_MESSAGE_ID_HEADER]: message.messageId,
            ...listUnsubscribeHeaders(message.listUnsubscribe),
          },
        });
        return {
          provider: 'smtp',
          providerMessageId: info.messageId,
          // The reply code of the accepted DATA, e.g. `250`.
          providerStatus: info.response.slice(0, 3),
        };
      } catch (err) {
        throw toProviderError(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
