import Telnyx from 'telnyx';

/** Telnyx's API origin; the SDK's base URL is this origin's `/v2`. */
const TELNYX_API_ORIGIN = 'https://api.telnyx.com';
const API_PATH = '/v2';

export interface TelnyxConfig {
  apiKey: string;
  /** Send to this origin instead of api.telnyx.com (provider-sandbox, a proxy). */
  baseUrl?: string;
  timeoutMs?: number;
}

/**
 * The official `telnyx` SDK client (v2 API), without the SDK's own retries: the dispatcher
 * decides when to try again. With `baseUrl` it calls that origin (provider-sandbox, a proxy)
 * instead of api.telnyx.com.
 *
 * @example const client = createTelnyxClient({ apiKey, baseUrl: 'http://127.0.0.1:4010' });
 */
export function createTelnyxClient(config: TelnyxConfig): Telnyx {
  const origin = (config.baseUrl ?? TELNYX_API_ORIGIN).replace(/\/$/, '');
  return new Telnyx({
    apiKey: config.apiKey,
    // Explicit nulls, so the SDK takes no credentials from TELNYX_* environment variables.
    publicKey: null,
    clientID: null,
    clientSecret: null,
    baseURL: `${origin}${API_PATH}`,
    maxRetries: 0,
    timeout: config.timeoutMs ?? 10_000,
  });
}
