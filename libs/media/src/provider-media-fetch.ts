import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { EndpointPolicy, GuardedFetch } from '@switchboard/net-guard';
import { fetchGuarded, type FetchedFile } from './media-fetch';

/**
 * Where a provider keeps the media of inbound messages and how it wants to be asked: Twilio
 * serves `MediaUrl{N}` from its API origin to the account (basic auth, AccountSid:AuthToken).
 */
export interface ProviderMediaSource {
  /** The provider's API origin; credentials are sent there and nowhere else. */
  origin: string;
  username: string;
  password: string;
}

/**
 * A provider's media file that could not be fetched. `retryable`: the provider may serve it
 * later (a timeout, a 5xx or 429, credentials it refused); otherwise it never will (gone, or a
 * URL not at the provider's origin).
 */
export class ProviderMediaError extends Error {
  constructor(
    readonly retryable: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderMediaError';
  }
}

/** Answers that may change if asked again: the provider's outage, limit or refused credentials. */
const RETRYABLE_STATUS = (status: number) =>
  status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;

/**
 * Fetches an inbound message's media file from the provider with the account's credentials
 * (basic auth), only when the URL is at the provider's own origin: a webhook naming another host
 * never gets the credentials. A redirect (Twilio answers with one to its CDN) is followed through
 * the SSRF guard without them. The body streams: the caller caps its size.
 *
 * @example const file = await fetchProviderMedia(url, { origin: 'https://api.twilio.com', username: sid, password: token }, policy)
 */
export async function fetchProviderMedia(
  raw: string,
  source: ProviderMediaSource,
  redirectPolicy: EndpointPolicy,
  options: { timeoutMs?: number; fetchImpl?: GuardedFetch } = {},
): Promise<FetchedFile> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderMediaError(false, 'the media URL is not a URL');
  }
  if (url.origin !== new URL(source.origin).origin) {
    throw new ProviderMediaError(false, "the media URL is not at the provider's API origin");
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const credentials = Buffer.from(`${source.username}:${source.password}`).toString('base64');
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Basic ${credentials}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ProviderMediaError(true, 'the provider did not answer', { cause: err });
  }
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    await res.body?.cancel();
    try {
      return await fetchGuarded(new URL(location, url).toString(), redirectPolicy, {
        timeoutMs,
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      });
    } catch (err) {
      // The provider's CDN answers for the provider: asked again, the API redirects afresh.
      throw new ProviderMediaError(true, `the provider's redirect failed`, { cause: err });
    }
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    throw new ProviderMediaError(
      RETRYABLE_STATUS(res.status),
      `the provider answered ${res.status}`,
    );
  }
  return {
    body: Readable.fromWeb(res.body as WebReadableStream),
    declaredType: res.headers.get('content-type') ?? undefined,
    name: null,
  };
}
