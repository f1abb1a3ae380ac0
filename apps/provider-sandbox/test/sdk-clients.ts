// The vendors' own SDK clients, pointed at a sandbox: made by the same factories the dispatchers
// use, so the SDK the sandbox is checked against is the SDK as the app configures it.
import {
  createSendGridClient,
  createTelnyxClient,
  createTwilioClient,
} from '@switchboard/providers';
import type { TestSandbox } from './start-sandbox';

export function twilioClient(
  sandbox: TestSandbox,
  options: { authToken?: string; timeoutMs?: number } = {},
) {
  return createTwilioClient({
    accountSid: sandbox.config.SANDBOX_TWILIO_ACCOUNT_SID,
    authToken: options.authToken ?? sandbox.config.SANDBOX_TWILIO_AUTH_TOKEN,
    baseUrl: sandbox.url,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

export function sendGridClient(
  sandbox: TestSandbox,
  apiKey = sandbox.config.SANDBOX_SENDGRID_API_KEY,
) {
  return createSendGridClient({ apiKey, baseUrl: sandbox.url });
}

export function telnyxClient(
  sandbox: TestSandbox,
  options: { apiKey?: string; timeoutMs?: number } = {},
) {
  return createTelnyxClient({
    apiKey: options.apiKey ?? sandbox.config.SANDBOX_TELNYX_API_KEY,
    baseUrl: sandbox.url,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}
