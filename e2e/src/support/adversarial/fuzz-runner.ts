/** One generated request, ready to send (the body is built only when it is sent). */
export interface FuzzRequest {
  /** What the generator meant to try: `openapi`, `content-type`, `huge`, `forged-webhook`… */
  kind: string;
  /** The operation it is counted under: `POST /api/v1/messages/{id}/retry`. */
  route: string;
  /** Which service it was sent to, as the stack names apps. */
  target: 'gateway' | 'webhook-ingest';
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: () => string | Uint8Array | FormData;
  /** A short description of the body for the report (huge bodies are not printed). */
  bodyPreview?: string;
  /** Whether the answer may be `503` (the operation documents it). */
  may503: boolean;
  /** Sent again, byte for byte, after the first answer: a replayed webhook or request. */
  replay?: boolean;
}

/** What came back for one request. */
export interface FuzzAnswer {
  request: FuzzRequest;
  status: number;
  /** `status` 0: no answer (a reset connection or a timeout); why. */
  error?: string;
  durationMs: number;
  text: string;
  /** For the second sending of a replayed request: the answer to the first. */
  first?: FuzzAnswer;
}

/** The tallies a run prints: requests by route and by status. */
export class FuzzTally {
  total = 0;
  readonly byRoute = new Map<string, number>();
  readonly byStatus = new Map<number, number>();
  readonly byKind = new Map<string, number>();
  readonly byRouteStatus = new Map<string, Map<number, number>>();
  slowestMs = 0;

  add(answer: FuzzAnswer): void {
    const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
    this.total += 1;
    bump(this.byRoute, answer.request.route);
    bump(this.byStatus, answer.status);
    bump(this.byKind, answer.request.kind);
    const statuses = this.byRouteStatus.get(answer.request.route) ?? new Map<number, number>();
    bump(statuses, answer.status);
    this.byRouteStatus.set(answer.request.route, statuses);
    this.slowestMs = Math.max(this.slowestMs, answer.durationMs);
  }

  /** A table a CI log shows: each route with its count and statuses, then the totals. */
  report(): string {
    const statuses = (m: Map<number, number>) =>
      [...m.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
    const routes = [...this.byRouteStatus.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([route, m]) =>
          `  ${route.padEnd(48)} ${String(this.byRoute.get(route)).padStart(6)}  ${statuses(m)}`,
      );
    const kinds = [...this.byKind.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `${kind}×${n}`)
      .join(' ');
    return [
      `requests: ${this.total}, slowest answer: ${Math.round(this.slowestMs)} ms`,
      `by status: ${statuses(this.byStatus)}`,
      `by kind:   ${kinds}`,
      'by route:',
      ...routes,
    ].join('\n');
  }
}

/** Longest a request may take before it counts as a hang (the suite asserts a far lower bound). */
const HANG_TIMEOUT_MS = 15_000;

/** The first chunk of a streamed body, then the stream is closed. */
async function firstChunkOf(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const { value } = await reader.read();
  await reader.cancel();
  return value ? new TextDecoder().decode(value) : '';
}

async function sendOnce(
  baseUrl: string,
  request: FuzzRequest,
  body: ReturnType<NonNullable<FuzzRequest['body']>> | undefined,
): Promise<FuzzAnswer> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(HANG_TIMEOUT_MS),
    });
    // An event stream answers at once and never ends: its first chunk is its answer.
    const text = res.headers.get('content-type')?.startsWith('text/event-stream')
      ? await firstChunkOf(res)
      : await res.text();
    return { request, status: res.status, durationMs: performance.now() - started, text };
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    return {
      request,
      status: 0,
      error: `${(err as Error).message}${cause ? `: ${cause.message}` : ''}`,
      durationMs: performance.now() - started,
      text: '',
    };
  }
}

/**
 * Sends every request (a replayed one twice, in a row) over keep-alive connections, `concurrency`
 * at a time, and hands each answer to `onAnswer` as it arrives.
 */
export async function runRequests(
  urls: Readonly<Record<FuzzRequest['target'], string>>,
  requests: readonly FuzzRequest[],
  options: { concurrency: number; onAnswer: (answer: FuzzAnswer) => void },
): Promise<void> {
  // Every body is built before the first request: the times measured are the services', not
  // the generator's (a 30 MiB body takes a while to build).
  const bodies = requests.map((request) => request.body?.());
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index]!;
      const body = bodies[index];
      const first = await sendOnce(urls[request.target], request, body);
      options.onAnswer(first);
      if (request.replay) {
        options.onAnswer({ ...(await sendOnce(urls[request.target], request, body)), first });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

/** How a failing request is shown, so it can be replayed by hand. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v}`)
    .join('; ');
  const path =
    request.path.length > 300
      ? `${request.path.slice(0, 300)}…(${request.path.length})`
      : request.path;
  return `[${request.kind}] ${request.method} ${path} → ${request.target} {${headers}} ${request.bodyPreview ?? ''}`;
}

/** At most `max` characters of a value, for reports. */
export function preview(value: string, max = 300): string {
  return value.length > max ? `${value.slice(0, max)}…(${value.length} chars)` : value;
}
