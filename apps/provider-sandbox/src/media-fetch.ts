import { createHash } from 'node:crypto';
import type { SandboxMediaFile } from './sandbox-message';
import type { TwilioStatusStep } from './twilio-status-callbacks';

/** How long the sandbox waits for one media URL, download included. */
export const MEDIA_FETCH_TIMEOUT_MS = 15_000;
/** Twilio's limit on one MMS: 5 MB of media in all. */
export const MMS_MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** What Twilio reports when it cannot get a message's media (its documented error codes). */
const RETRIEVAL_FAILURE = { code: 11200, message: 'HTTP retrieval failure' } as const;
const TOO_LARGE = { code: 30019, message: 'Content size exceeds carrier limit' } as const;

/**
 * Fetches one media URL as Twilio does before it sends an MMS, hashing the bytes as they stream
 * (nothing is kept). Any URL is fetched, loopback included: the sandbox runs beside the apps and
 * reaches their signed media URLs that way. Never throws: a failure is recorded on the file.
 */
async function fetchOne(url: string, budget: { bytes: number }): Promise<SandboxMediaFile> {
  const failed = (http_status: number | null, error: string): SandboxMediaFile => ({
    url,
    http_status,
    error,
    sha256: null,
    size: null,
    content_type: null,
  });
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(MEDIA_FETCH_TIMEOUT_MS) });
  } catch (err) {
    return failed(null, err instanceof Error ? err.message : String(err));
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    return failed(res.status, `answered ${res.status}`);
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += chunk.length;
      budget.bytes -= chunk.length;
      if (budget.bytes < 0) {
        await res.body.cancel().catch(() => undefined);
        return failed(res.status, 'too_large');
      }
      hash.update(chunk);
    }
  } catch (err) {
    return failed(res.status, err instanceof Error ? err.message : String(err));
  }
  return {
    url,
    http_status: res.status,
    error: null,
    sha256: hash.digest('hex'),
    size,
    content_type: res.headers.get('content-type'),
  };
}

/** An MMS's media as fetched, and the failure Twilio would end the message with, if any. */
export interface FetchedMedia {
  files: SandboxMediaFile[];
  failure: TwilioStatusStep | undefined;
}

/**
 * Fetches an MMS's media URLs one after the other (their sizes count against one budget) and
 * says how Twilio would end the message when one cannot be had: `failed` with 11200 when a URL
 * does not answer 200, 30019 when the media are over 5 MB in all; `undefined` when all are fine.
 *
 * @example const { files, failure } = await fetchMmsMedia(['http://127.0.0.1:8080/api/v1/media/…'])
 */
export async function fetchMmsMedia(urls: readonly string[]): Promise<FetchedMedia> {
  const budget = { bytes: MMS_MEDIA_MAX_BYTES };
  const files: SandboxMediaFile[] = [];
  for (const url of urls) files.push(await fetchOne(url, budget));
  const bad = files.find((f) => f.error !== null);
  if (!bad) return { files, failure: undefined };
  return {
    files,
    failure: { status: 'failed', error: bad.error === 'too_large' ? TOO_LARGE : RETRIEVAL_FAILURE },
  };
}
