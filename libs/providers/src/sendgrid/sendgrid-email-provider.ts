import type { MailService } from '@sendgrid/mail';
import type { SendResult } from '@switchboard/contracts';
import { withAttachmentLinks } from '../attachment-links';
import { SENDGRID_GENERATION_ARG } from '../callback-attempt';
import { listUnsubscribeHeaders, type EmailProvider, type OutboundEmail } from '../provider';
import {
  ErrorClasses,
  ProviderError,
  classifyHttpStatus,
  parseRetryAfter,
} from '../provider-error';

/** The custom argument that carries our message id through SendGrid's event webhook. */
export const SENDGRID_MESSAGE_ID_ARG = 'switchboard_message_id';

function toProviderError(err: unknown): ProviderError {
  const e = err as {
    code?: number | string;
    message?: string;
    response?: { headers?: Record<string, string>; body?: { errors?: { message?: string }[] } };
  };
  const status = typeof e?.code === 'number' ? e.code : undefined;
  if (status !== undefined) {
    const retryAfterMs = parseRetryAfter(e.response?.headers?.['retry-after']);
    const detail = e.response?.body?.errors
      ?.map((x) => x.message)
      .filter(Boolean)
      .join('; ');
    return new ProviderError(
      'sendgrid',
      classifyHttpStatus(status),
      detail || e.message || `SendGrid answered ${status}`,
      {
        httpStatus: status,
        code: String(status),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
      { cause: err },
    );
  }
  return new ProviderError(
    'sendgrid',
    // No answer at all (a refused or reset connection, a timeout) or something unexpected.
    ErrorClasses.retryable,
    e?.message ?? 'SendGrid request failed',
    {},
    { cause: err },
  );
}

/**
 * Email through the official `@sendgrid/mail` SDK. Stored, scanned files are attached as
 * base64 contents; URLs given without the media pipeline travel as links in the message.
 *
 * @example const sendgrid = createSendGridEmailProvider(createSendGridClient({ apiKey }));
 */
export function createSendGridEmailProvider(mail: MailService): EmailProvider {
  return {
    name: 'sendgrid',
    async send(message: OutboundEmail): Promise<SendResult> {
      const { html, text } = withAttachmentLinks(message);
      try {
        const [response] = await mail.send({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: text || ' ',
          html: html || ' ',
          ...(message.listUnsubscribe
            ? { headers: listUnsubscribeHeaders(message.listUnsubscribe) }
            : {}),
          ...(message.files?.length
            ? {
                attachments: message.files.map((f) => ({
                  content: f.content.toString('base64'),
                  filename: f.name,
                  type: f.contentType,
                  disposition: 'attachment',
                })),
              }
            : {}),
          customArgs: {
            [SENDGRID_MESSAGE_ID_ARG]: message.messageId,
            ...(message.generation === undefined
              ? {}
              : { [SENDGRID_GENERATION_ARG]: String(message.generation) }),
          },
        });
        const headers = response.headers as Record<string, string | undefined>;
        const providerMessageId = headers['x-message-id'];
        if (!providerMessageId) {
          throw new ProviderError(
            'sendgrid',
            ErrorClasses.retryable,
            'SendGrid accepted the mail without an X-Message-Id',
          );
        }
        return {
          provider: 'sendgrid',
          providerMessageId,
          providerStatus: String(response.statusCode),
        };
      } catch (err) {
        if (err instanceof ProviderError) throw err;
        throw toProviderError(err);
      }
    },
  };
}
