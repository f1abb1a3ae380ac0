import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  guardedFetch,
  hostAllowed,
  resolveEndpoint,
  UnsafeEndpointError,
  type EndpointPolicy,
  type GuardedFetch,
} from '@switchboard/net-guard';
import { MediaFetchRefusedError } from './media-errors';

/** The most redirects a URL attachment may take; each hop is checked again. */
export const MAX_REDIRECTS = 3;

/** How long fetching one URL attachment may take, download included. */
export const MEDIA_FETCH_TIMEOUT_MS = 30_000;

/** A fetched attachment's body, streaming, with what the server said it is. */
export interface FetchedFile {
  /** Fails with `MediaFetchRefusedError` when the download breaks off. */
  body: Readable;
  declaredType: string | undefined;
  name: string | null;
}

export interface FetchGuardedOptions {
  timeoutMs?: number;
  /**
   * Hosts fetched although they are loopback, private or local names (`ATTACHMENT_HOST_ALLOWLIST`,
   * e.g. a server on the developer's machine); link-local and metadata addresses stay refused.
   * Checked again for every redirect.
   */
  allowHosts?: readonly string[];
  /** The fetch used for every hop; one checking addresses as it connects by default. */
  fetchImpl?: GuardedFetch;
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

// One connection pool per policy, shared by every fetch (an agent per call would leak sockets).
const fetchers = new Map<string, GuardedFetch>();
function fetcherFor(policy: EndpointPolicy): GuardedFetch {
  const key = `${policy.requireHttps}:${policy.allowPrivate}`;
  let fetcher = fetchers.get(key);
  if (!fetcher) {
    fetcher = guardedFetch(policy);
    fetchers.set(key, fetcher);
  }
  return fetcher;
}

const reasonOf = (err: unknown): string => {
  if (err instanceof UnsafeEndpointError) return err.reason;
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof UnsafeEndpointError) return cause.reason;
    const code = (cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : err.message;
  }
  return String(err);
};

/**
 * Fetches a URL attachment through the SSRF guard: the URL and every address its host resolves
 * to are checked (no loopback, private, link-local or metadata addresses, unless the host is
 * allow-listed; never link-local or metadata), again as the connection opens, and so is every
 * redirect, which is followed by hand. The body streams: the caller caps its size.
 * Throws `MediaFetchRefusedError` for a refused URL, one that cannot be reached, or an answer
 * that is not 200; the body fails with it when the download breaks off.
 *
 * @example const file = await fetchGuarded('https://cdn.example.com/a.png', { requireHttps: true, allowPrivate: false })
 */
export async function fetchGuarded(
  raw: string,
  policy: EndpointPolicy,
  options: FetchGuardedOptions = {},
): Promise<FetchedFile> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? MEDIA_FETCH_TIMEOUT_MS);
  let url = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const prefix = hop === 0 ? '' : 'after a redirect: ';
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      throw new MediaFetchRefusedError(`${prefix}not a URL`);
    }
    const trusted = !!options.allowHosts && hostAllowed(host, options.allowHosts);
    const hopPolicy = trusted ? { ...policy, allowPrivate: true } : policy;
    try {
      await resolveEndpoint(url, hopPolicy);
    } catch (err) {
      if (err instanceof UnsafeEndpointError) throw new MediaFetchRefusedError(prefix + err.reason);
      throw err;
    }
    // The address is checked again as each connection opens (DNS rebinding).
    const doFetch = options.fetchImpl ?? fetcherFor(hopPolicy);
    let res: Awaited<ReturnType<GuardedFetch>>;
    try {
      res = await doFetch(url, { redirect: 'manual', signal });
    } catch (err) {
      throw new MediaFetchRefusedError(`${prefix}could not be fetched (${reasonOf(err)})`);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new MediaFetchRefusedError(`${prefix}answered ${res.status}`);
    }
    // A download that breaks off (reset, timeout) is the URL's failure, not ours.
    const body = new PassThrough();
    const source = Readable.fromWeb(res.body as WebReadableStream);
    source
      .on('error', (err) =>
        body.destroy(new MediaFetchRefusedError(`the download failed (${reasonOf(err)})`)),
      )
      .pipe(body);
    // A reader that gives up (the file is too large) ends the download too.
    body.once('close', () => source.destroy());
    return {
      body,
      declaredType: res.headers.get('content-type') ?? undefined,
      name: nameOf(new URL(url)),
    };
  }
  throw new MediaFetchRefusedError(`more than ${MAX_REDIRECTS} redirects`);
}
