import { MailService } from '@sendgrid/mail';
import { withAttachmentLinks } from '../attachment-links';
import { SENDGRID_GENERATION_ARG } from '../callback-attempt';
import type { EmailProvider, OutboundEmail, SendResult } from '../provider';
import {
  ErrorClasses,
  ProviderError,
  classifyHttpStatus,
  isNetworkError,
  parseRetryAfter,
} from '../provider-error';

export interface SendGridConfig {
  apiKey: string;
  /** Send to this origin instead of api.sendgrid.com (provider-sandbox, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
}

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
    isNetworkError(err) ? ErrorClasses.retryable : ErrorClasses.retryable,
    e?.message ?? 'SendGrid request failed',
    {},
    { cause: err },
  );
}

/**
 * Email through the official `@sendgrid/mail` SDK. Attachments travel as links in the
 * message (SendGrid wants file contents; we never fetch customer URLs on the send path).
 *
 * @example const sendgrid = createSendGridEmailProvider({ apiKey, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createSendGridEmailProvider(config: SendGridConfig): EmailProvider {
  const mail = new MailService();
  mail.setApiKey(config.apiKey);
  // Must follow setApiKey, which resets the client's default request.
  if (config.baseUrl) {
    // The SDK's typings omit the `client` it exposes at run time.
    const { client } = mail as unknown as {
      client: { setDefaultRequest(key: string, value: unknown): void };
    };
    client.setDefaultRequest('baseUrl', config.baseUrl.replace(/\/$/, ''));
  }
  mail.setTimeout(config.timeoutMs ?? 10_000);

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
