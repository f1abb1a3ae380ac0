import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';

const TWILIO_API_ORIGIN = 'https://api.twilio.com';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Send to this origin instead of api.twilio.com (provider-sandbox, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
}

/** The official SDK's client, as `createTwilioClient` makes it. */
export type TwilioClient = ReturnType<typeof twilio>;

/**
 * The SDK's HTTP client, sending to `origin` instead of api.twilio.com when given, and keeping
 * `Retry-After`: the SDK's RestException drops the answer's headers, so an error answer that
 * carries one is turned into the same RestException here, with the headers kept on it.
 */
class AdaptedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string | undefined,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override async request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    const uri =
      this.origin && opts.uri.startsWith(TWILIO_API_ORIGIN)
        ? this.origin + opts.uri.slice(TWILIO_API_ORIGIN.length)
        : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    const headers = response.headers as Record<string, string> | undefined;
    if (response.statusCode >= 400 && headers?.['retry-after'] !== undefined) {
      throw Object.assign(new twilio.RestException(response), { headers });
    }
    return response;
  }
}

/**
 * The `twilio` SDK client for a configuration: keep-alive connections, a bound on each request,
 * no retries of its own (the dispatcher decides), `Retry-After` kept on errors, and `baseUrl`
 * (provider-sandbox, a proxy) instead of api.twilio.com when set.
 *
 * @example const client = createTwilioClient({ accountSid, authToken, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createTwilioClient(config: TwilioConfig): TwilioClient {
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const origin = config.baseUrl?.replace(/\/$/, '');
  const httpClient = new AdaptedRequestClient(origin, { timeout, keepAlive: true });
  return twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });
}
