import type Telnyx from 'telnyx';
import type { SendResult } from '@switchboard/contracts';
import type { OutboundSms, SmsProvider } from '../provider';
import { ErrorClasses, ProviderError } from '../provider-error';
import { telnyxProviderError } from './telnyx-api-error';

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
        throw telnyxProviderError(err);
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
