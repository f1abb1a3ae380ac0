import Telnyx from 'telnyx';
import type { TelnyxConfig } from './telnyx-sms-provider';

/** Telnyx's API origin; the SDK's base URL is this origin's `/v2`. */
const TELNYX_API_ORIGIN = 'https://api.telnyx.com';
const API_PATH = '/v2';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The `telnyx` SDK client for a configuration: no retries of its own (the dispatcher decides),
 * no credentials taken from `TELNYX_*` environment variables, and `baseUrl` (provider-sandbox,
 * a proxy) instead of api.telnyx.com when set.
 *
 * @example const client = createTelnyxClient({ apiKey, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createTelnyxClient(config: TelnyxConfig): Telnyx {
  const origin = (config.baseUrl ?? TELNYX_API_ORIGIN).replace(/\/$/, '');
  return new Telnyx({
    apiKey: config.apiKey,
    publicKey: null,
    clientID: null,
    clientSecret: null,
    baseURL: `${origin}${API_PATH}`,
    maxRetries: 0,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
