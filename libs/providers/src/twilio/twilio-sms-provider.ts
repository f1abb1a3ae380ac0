import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import type { OutboundSms, SendResult, SentLookup, SmsProvider } from '../provider';
import {
  ErrorClasses,
  ProviderError,
  classifyHttpStatus,
  isNetworkError,
  parseRetryAfter,
} from '../provider-error';

const TWILIO_API_ORIGIN = 'https://api.twilio.com';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Send to this origin instead of api.twilio.com (provider-sandbox, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
}

/** Twilio error codes that no retry or other provider can fix. */
const PERMANENT_TWILIO_CODES = new Set([
  21211, 21212, 21408, 21610, 21612, 21614, 21617, 30003, 30004, 30005, 30006, 30007,
]);

/** The SDK's HTTP client with the origin rewritten, so the real SDK talks to another host. */
class OriginRewritingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API_ORIGIN)
      ? this.origin + opts.uri.slice(TWILIO_API_ORIGIN.length)
      : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

function toProviderError(err: unknown): ProviderError {
  const e = err as {
    status?: number;
    code?: number;
    message?: string;
    headers?: Record<string, string>;
  };
  if (typeof e?.status === 'number') {
    const errorClass =
      e.code !== undefined && PERMANENT_TWILIO_CODES.has(e.code)
        ? ErrorClasses.permanent
        : classifyHttpStatus(e.status);
    const retryAfterMs = parseRetryAfter(e.headers?.['retry-after']);
    return new ProviderError(
      'twilio',
      errorClass,
      e.message ?? `Twilio answered ${e.status}`,
      {
        httpStatus: e.status,
        ...(e.code !== undefined ? { code: String(e.code) } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
      { cause: err },
    );
  }
  return new ProviderError(
    'twilio',
    isNetworkError(err) || !e?.status ? ErrorClasses.retryable : ErrorClasses.permanent,
    e?.message ?? 'Twilio request failed',
    {},
    { cause: err },
  );
}

/**
 * SMS and MMS through the official `twilio` SDK.
 *
 * @example const twilioSms = createTwilioSmsProvider({ accountSid, authToken, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createTwilioSmsProvider(config: TwilioConfig): SmsProvider {
  const timeout = config.timeoutMs ?? 10_000;
  const httpClient = config.baseUrl
    ? new OriginRewritingRequestClient(config.baseUrl.replace(/\/$/, ''), {
        timeout,
        keepAlive: true,
      })
    : new twilio.RequestClient({ timeout, keepAlive: true });
  const client = twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });

  return {
    name: 'twilio',
    async send(message: OutboundSms): Promise<SendResult> {
      try {
        const created = await client.messages.create({
          from: message.from,
          to: message.to,
          ...(message.body ? { body: message.body } : {}),
          ...(message.mediaUrls.length ? { mediaUrl: [...message.mediaUrls] } : {}),
          ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
        });
        return {
          provider: 'twilio',
          providerMessageId: created.sid,
          providerStatus: created.status,
        };
      } catch (err) {
        throw toProviderError(err);
      }
    },
    async findSent(lookup: SentLookup): Promise<SendResult[]> {
      try {
        const recent = await client.messages.list({ to: lookup.to, from: lookup.from, limit: 50 });
        return recent
          .filter(
            (m) =>
              (m.body ?? '') === lookup.body &&
              m.dateCreated.getTime() >= lookup.since.getTime() - 1_000,
          )
          .map((m) => ({ provider: 'twilio', providerMessageId: m.sid, providerStatus: m.status }));
      } catch (err) {
        throw toProviderError(err);
      }
    },
  };
}
