import { Webhook } from 'standardwebhooks';
import type { Response } from 'undici';
import {
  guardedFetch,
  resolveEndpoint,
  UnsafeEndpointError,
  type EndpointPolicy,
  type GuardedFetch,
} from '@switchboard/net-guard';

/** How much of an endpoint's answer the delivery log keeps. */
export const RESPONSE_BODY_CHARS = 1_024;

/** What one attempt came to. */
export interface AttemptResult {
  /** The endpoint's HTTP status; null when it did not answer (timeout, refused URL, network). */
  statusCode: number | null;
  durationMs: number;
  /** The start of the endpoint's answer, or null. */
  responseBody: string | null;
  /** Why there was no answer, or null. */
  error: string | null;
}

export interface SignedRequest {
  url: string;
  eventId: string;
  /** The exact body, as signed. */
  body: string;
  /** Current secret first; the previous one during a rotation's grace period. */
  secrets: readonly string[];
  timeoutMs: number;
  policy: EndpointPolicy;
}

/**
 * The Standard Webhooks headers for a body: `webhook-id`, `webhook-timestamp` and one `v1,…`
 * signature per secret (space-separated), so receivers holding either secret verify it.
 */
export function signatureHeaders(
  eventId: string,
  body: string,
  secrets: readonly string[],
  at: Date = new Date(),
): Record<string, string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(eventId, at, body)).join(' '),
  };
}

/** The refusal behind a failed request, when the connection's address check refused it. */
const unsafeCause = (err: unknown): string | undefined => {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof UnsafeEndpointError ? cause.reason : undefined;
};

/** One guarded fetch (and connection pool) per policy: deliveries share their connections. */
const fetchers = new Map<string, GuardedFetch>();
function fetcherFor(policy: EndpointPolicy): GuardedFetch {
  const key = `${policy.requireHttps}:${policy.allowPrivate}`;
  let fetcher = fetchers.get(key);
  if (!fetcher) fetchers.set(key, (fetcher = guardedFetch(policy)));
  return fetcher;
}

async function readStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    // The rest is not wanted: stop the transfer rather than read a large answer to the end.
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, RESPONSE_BODY_CHARS);
}

/**
 * POSTs one signed event. The URL (and every address its name resolves to) is checked against
 * the endpoint policy first: DNS can change after registration. The connection checks the address
 * it connects to again, so a name re-pointed between the two (DNS rebinding) is refused too.
 * Redirects are not followed (a redirect could lead anywhere); the whole attempt, answer
 * included, is bounded by `timeoutMs`.
 */
export async function sendSigned(req: SignedRequest): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    await resolveEndpoint(req.url, req.policy);
  } catch (err) {
    const reason = err instanceof UnsafeEndpointError ? err.message : String(err);
    return { statusCode: null, durationMs: elapsed(), responseBody: null, error: reason };
  }
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await fetcherFor(req.policy)(req.url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        ...signatureHeaders(req.eventId, req.body, req.secrets),
      },
      body: req.body,
    });
    const responseBody = await readStart(res);
    return { statusCode: res.status, durationMs: elapsed(), responseBody, error: null };
  } catch (err) {
    const error = signal.aborted
      ? `no answer within ${req.timeoutMs} ms`
      : (unsafeCause(err) ??
        (err as { cause?: { code?: string } }).cause?.code ??
        (err as Error).message);
    return { statusCode: null, durationMs: elapsed(), responseBody: null, error };
  }
}
