import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.gen';

/** A conversation; its two participants as the client hands them over (an array). */
export type Conversation = Omit<components['schemas']['ConversationOutput'], 'participants'> & {
  participants: string[];
};
export type Message = components['schemas']['MessageOutput'];
export type MessageEvent = components['schemas']['MessageEvent'];
export type MessageStatus = components['schemas']['MessageStatus'];
export type Problem = components['schemas']['Problem'];
export type SendRequest = components['schemas']['SendMessageRequest'];
export type ProviderHealthBoard =
  paths['/api/v1/providers/health']['get']['responses']['200']['content']['application/json'];
export type ChannelHealth = ProviderHealthBoard['channels'][number];
export type ProviderHealth = ChannelHealth['providers'][number];

export type Api = Client<paths>;

/** The tenant's request budget, as the last answer's `RateLimit-*` headers told it. */
export interface RateLimitStatus {
  limit: number;
  remaining: number;
  /** Seconds until the budget is whole again. */
  resetS: number;
  seenAt: Date;
}

/**
 * The typed client of the public API, acting as one tenant: every request carries its API key
 * or JWT as a bearer token. `onRateLimit` hears each answer's budget headers.
 *
 * @example const api = createApi(key); const { data } = await api.GET('/api/v1/conversations');
 */
export function createApi(
  credential: string,
  onRateLimit: (status: RateLimitStatus) => void = () => {},
): Api {
  const api = createClient<paths>({ baseUrl: window.location.origin });
  api.use({
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${credential}`);
      return request;
    },
    onResponse({ response }) {
      const limit = Number(response.headers.get('RateLimit-Limit'));
      const remaining = Number(response.headers.get('RateLimit-Remaining'));
      const resetS = Number(response.headers.get('RateLimit-Reset'));
      if (response.headers.has('RateLimit-Limit') && Number.isFinite(limit)) {
        onRateLimit({ limit, remaining, resetS, seenAt: new Date() });
      }
      return response;
    },
  });
  return api;
}

/**
 * Opens the tenant's event stream (`GET /api/v1/events/stream`) with the same credential as the
 * typed client: a browser's `EventSource` cannot send an `Authorization` header, so the stream is
 * read with `fetch`. `lastEventId` resumes right after the last event seen.
 */
export function eventStreamOpener(credential: string) {
  return (lastEventId: string | undefined, signal: AbortSignal): Promise<Response> =>
    fetch(new URL('/api/v1/events/stream', window.location.origin), {
      headers: {
        Accept: 'text/event-stream',
        Authorization: `Bearer ${credential}`,
        ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
      },
      cache: 'no-store',
      signal,
    });
}

/** What to tell a person about a failed call: the problem's detail, or what went wrong. */
export function describeProblem(error: unknown, response: Response | undefined): string {
  if (response?.status === 401) return 'That API key or token was not accepted.';
  if (response?.status === 404) return 'Not found: it does not exist, or it is not yours to see.';
  if (response?.status === 429) return 'Too many requests: the rate limit is spent for now.';
  const problem = error as Partial<Problem> | undefined;
  const fields = problem?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  if (fields) return fields;
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  return response ? `The API answered ${response.status}.` : 'The API could not be reached.';
}

/** A call the API refused or could not answer; `status` is 0 when it was not reached. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Whether the API answered for itself (a 4xx): the connection is fine, the request was not. */
  get refused(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** The answer of a conditional GET: a new body with its validator, or "as before". */
export type Conditional<T> =
  { status: 'changed'; etag: string | null; data: T } | { status: 'unchanged' };

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * A GET made conditional with `If-None-Match`: `call` is the typed client's call, given the
 * headers to send. The browser's own cache is bypassed, so a `304` reaches the caller.
 *
 * @example conditionalGet((init) => api.GET('/api/v1/conversations', init), etag)
 */
export async function conditionalGet<T>(
  call: (init: { headers: Record<string, string>; cache: RequestCache }) => Promise<Answer<T>>,
  etag: string | undefined,
): Promise<Conditional<T>> {
  let answer: Answer<T>;
  try {
    answer = await call({ headers: etag ? { 'If-None-Match': etag } : {}, cache: 'no-store' });
  } catch {
    throw new ApiError('The API could not be reached.', 0);
  }
  const { data, error, response } = answer;
  if (response.status === 304) return { status: 'unchanged' };
  if (!response.ok || data === undefined) {
    throw new ApiError(describeProblem(error, response), response.status);
  }
  return { status: 'changed', etag: response.headers.get('ETag'), data };
}
