// The vendors' own SDKs, pointed at a sandbox. Only the tests import SDKs; the app never does.
import { MailService } from '@sendgrid/mail';
import Telnyx from 'telnyx';
import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import type { TestSandbox } from './start-sandbox';

const TWILIO_ORIGIN = 'https://api.twilio.com';

/** The SDK's own HTTP client, sending to the sandbox instead of api.twilio.com. */
class SandboxRequestClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    super(options);
  }

  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_ORIGIN)
      ? this.origin + opts.uri.slice(TWILIO_ORIGIN.length)
      : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

export function twilioClient(
  sandbox: TestSandbox,
  options: { authToken?: string; timeoutMs?: number } = {},
) {
  return twilio(
    sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
    options.authToken ?? sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
    {
      httpClient: new SandboxRequestClient(
        sandbox.url,
        options.timeoutMs ? { timeout: options.timeoutMs } : {},
      ),
      autoRetry: false,
    },
  );
}

export function sendGridClient(
  sandbox: TestSandbox,
  apiKey = sandbox.config.SANDBOX_SENDGRID_API_KEY,
) {
  const mail = new MailService();
  mail.setApiKey(apiKey);
  // After setApiKey, which resets the base URL. The SDK's typings omit the `client` it
  // exposes at run time, and @sendgrid/client is not a direct dependency to build our own.
  const { client } = mail as unknown as {
    client: { setDefaultRequest(key: 'baseUrl', value: string): void };
  };
  client.setDefaultRequest('baseUrl', sandbox.url);
  return mail;
}

/** The Telnyx SDK as our adapter configures it: no retries of its own. */
export function telnyxClient(
  sandbox: TestSandbox,
  options: { apiKey?: string; timeoutMs?: number } = {},
) {
  return new Telnyx({
    apiKey: options.apiKey ?? sandbox.config.SANDBOX_TELNYX_API_KEY,
    baseURL: `${sandbox.url}/v2`,
    maxRetries: 0,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
}
