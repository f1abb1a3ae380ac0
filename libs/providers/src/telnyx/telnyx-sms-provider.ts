import Telnyx from 'telnyx';
import type { SendResult } from '@switchboard/contracts';
import type { OutboundSms, SmsProvider } from '../provider';
import {
  ErrorClasses,
  ProviderError,
  classifyHttpStatus,
  parseRetryAfter,
} from '../provider-error';

/** Telnyx's `{"errors":[{code, title, detail}]}` document. */
interface TelnyxErrorBody {
  errors?: { code?: string; title?: string; detail?: string }[];
}

function toProviderError(err: unknown): ProviderError {
  if (err instanceof Telnyx.APIError && typeof err.status === 'number') {
    const status = err.status;
    const [first] = (err.error as TelnyxErrorBody | undefined)?.errors ?? [];
    const detail = [first?.title, first?.detail].filter(Boolean).join(': ');
    const retryAfterMs = parseRetryAfter(err.headers?.get('retry-after'));
    return new ProviderError(
      'telnyx',
      classifyHttpStatus(status),
      detail || `Telnyx answered ${status}`,
      {
        httpStatus: status,
        code: first?.code ?? String(status),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
      { cause: err },
    );
  }
  // No answer at all (a timeout, a refused or reset connection: APIConnectionError), or
  // something unexpected, which classifyFailure treats as retryable too.
  const message = (err as Error)?.message ?? 'Telnyx request failed';
  const code = err instanceof Telnyx.APIConnectionTimeoutError ? 'timeout' : undefined;
  return new ProviderError('telnyx', ErrorClasses.retryable, message, code ? { code } : {}, {
    cause: err,
  });
}

/**
 * SMS and MMS through the official `telnyx` SDK's v2 Messaging API.
 *
 * @example const telnyxSms = createTelnyxSmsProvider(createTelnyxClient({ apiKey }));
 */
export function createTelnyxSmsProvider(client: Telnyx): SmsProvider {
  return {
    name: 'telnyx',
    async send(message: OutboundSms): Promise<SendResult> {
      let response: Awaited<ReturnType<typeof client.messages.send>>;
      try {
        response = await client.messages.send({
          from: message.from,
          to: message.to,
          type: message.mediaUrls.length ? 'MMS' : 'SMS',
          ...(message.body ? { text: message.body } : {}),
          ...(message.mediaUrls.length ? { media_urls: [...message.mediaUrls] } : {}),
          ...(message.statusCallbackUrl ? { webhook_url: message.statusCallbackUrl } : {}),
        });
      } catch (err) {
        throw toProviderError(err);
      }
      const id = response.data?.id;
      if (!id) {
        throw new ProviderError(
          'telnyx',
          ErrorClasses.retryable,
          'Telnyx accepted the message without an id',
        );
      }
      return {
        provider: 'telnyx',
        providerMessageId: id,
        providerStatus: response.data?.to?.[0]?.status ?? 'queued',
      };
    },
  };
}
