import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  guardedFetch,
  resolveEndpoint,
  UnsafeEndpointError,
  type EndpointPolicy,
  type GuardedFetch,
} from '@switchboard/net-guard';
import { MediaFetchRefusedError } from './media-errors';

/** The most redirects a URL attachment may take; each hop is checked again. */
export const MAX_REDIRECTS = 3;

/** A fetched attachment's body, streaming, with what the server said it is. */
export interface FetchedFile {
  body: Readable;
  declaredType: string | undefined;
  name: string | null;
}

/** The file name a URL suggests: its last path segment. */
function nameOf(url: URL): string | null {
  const last = url.pathname.split('/').filter(Boolean).at(-1);
  try {
    return last ? decodeURIComponent(last).slice(0, 255) : null;
  } catch {
    return null;
  }
}

/**
 * Fetches a URL attachment through the SSRF guard: the URL and every address its host resolves
 * to are checked (no loopback, private, link-local or metadata addresses), and so is every
 * redirect, which is followed by hand. The body streams: the caller caps its size.
 * Throws `MediaFetchRefusedError` for a refused URL or an answer that is not 200.
 *
 * @example const file = await fetchGuarded('https://cdn.example.com/a.png', { requireHttps: true, allowPrivate: false })
 */
export async function fetchGuarded(
  raw: string,
  policy: EndpointPolicy,
  options: { timeoutMs?: number; fetchImpl?: GuardedFetch } = {},
): Promise<FetchedFile> {
  // The address is checked again as each connection opens (DNS rebinding).
  const doFetch = options.fetchImpl ?? guardedFetch(policy);
  let url = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    try {
      await resolveEndpoint(url, policy);
    } catch (err) {
      if (err instanceof UnsafeEndpointError) {
        throw new MediaFetchRefusedError(hop === 0 ? err.reason : `redirected to ${err.reason}`);
      }
      throw err;
    }
    const res = await doFetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new MediaFetchRefusedError(`answered ${res.status}`);
    }
    return {
      body: Readable.fromWeb(res.body as WebReadableStream),
      declaredType: res.headers.get('content-type') ?? undefined,
      name: nameOf(new URL(url)),
    };
  }
  throw new MediaFetchRefusedError(`more than ${MAX_REDIRECTS} redirects`);
}
