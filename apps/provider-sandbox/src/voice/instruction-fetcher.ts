import type { CallRequest } from './call-dialects';
import { MAX_TWIML_CHARS } from './twiml-reader';

/** Why a call's instructions could not be had, with the error code Twilio logs for it. */
export class InstructionFetchError extends Error {
  override readonly name = 'InstructionFetchError';
  constructor(
    /** 11200: HTTP retrieval failure; 11750: response body too large. */
    readonly code: 11200 | 11750,
    message: string,
    /** The answer's status; null when there was none. */
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

/** A document a URL answered with (2xx). */
export interface FetchedDocument {
  status: number;
  text: string;
}

export interface InstructionFetcher {
  /** The document the URL answers (2xx), or an InstructionFetchError. */
  fetch(request: CallRequest): Promise<FetchedDocument>;
  /** Aborts fetches in flight (they reject with an AbortError). */
  stop(): void;
}

/** The body as text, refusing more than `limit` bytes without reading them all. */
async function boundedText(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new InstructionFetchError(
        11750,
        `TwiML response body larger than ${limit} bytes`,
        res.status,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches a call's instructions the way the provider does when a call is answered, a
 * `<Redirect>` runs or an `action` URL is due: one signed request, bounded in time and size,
 * not retried (a provider gives up on the call with an application error instead).
 *
 * @example const twiml = await fetcher.fetch(dialect.request(url, 'POST', params));
 */
export function createInstructionFetcher(deps: { timeoutMs: number }): InstructionFetcher {
  const stopping = new AbortController();

  return {
    async fetch(request) {
      let res: Response;
      try {
        res = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(deps.timeoutMs)]),
        });
      } catch (err) {
        if (stopping.signal.aborted) throw err;
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        throw new InstructionFetchError(
          11200,
          `HTTP retrieval failure: ${cause ?? (err as Error).name ?? 'no answer'}`,
        );
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel();
        throw new InstructionFetchError(
          11200,
          `HTTP retrieval failure: answered ${res.status}`,
          res.status,
        );
      }
      return { status: res.status, text: await boundedText(res, MAX_TWIML_CHARS) };
    },
    stop() {
      stopping.abort();
    },
  };
}
