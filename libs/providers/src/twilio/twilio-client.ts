import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';

const TWILIO_API_ORIGIN = 'https://api.twilio.com';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Send to this origin instead of api.twilio.com (provider-sandbox, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
}

/** The official SDK's client, as `createTwilioClient` makes it. */
export type TwilioClient = ReturnType<typeof twilio>;

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

/**
 * The official `twilio` SDK client, with keep-alive connections and without the SDK's own
 * retries (the dispatcher decides when to try again); with `baseUrl` it calls that origin
 * (provider-sandbox, a proxy) instead of api.twilio.com. Every Twilio API (Messages, Calls) goes
 * through it, in the app and in the tests that drive the sandbox with the real SDK.
 *
 * @example const client = createTwilioClient({ accountSid, authToken, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createTwilioClient(config: TwilioConfig): TwilioClient {
  const options = { timeout: config.timeoutMs ?? 10_000, keepAlive: true };
  const httpClient = config.baseUrl
    ? new OriginRewritingRequestClient(config.baseUrl.replace(/\/$/, ''), options)
    : new twilio.RequestClient(options);
  return twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });
}
