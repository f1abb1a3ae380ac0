import { ClientEvent } from '@switchboard/contracts';
import { eventually } from './eventually';

/** One Server-Sent Event as received: its `id`, `event` name and the event it carried. */
export interface StreamedEvent {
  id: string;
  name: string;
  event: ClientEvent;
}

/** A client of an event stream (`GET /api/v1/events/stream`), reading it as EventSource would. */
export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** The answer's body when it was not a stream (a problem). */
  problem: unknown;
  /** Events received so far, in order. */
  events: StreamedEvent[];
  /** Comment lines received so far (`stream open`, heartbeats). */
  comments: string[];
  /** True once the server ended the stream. */
  ended(): boolean;
  /** Waits until `accept` holds for the events received. */
  waitFor(
    accept: (events: StreamedEvent[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<StreamedEvent[]>;
  close(): void;
}

/**
 * Opens `url` as a Server-Sent Events stream of client events with `headers` (credentials,
 * `last-event-id`) and reads it in the background, as a browser's EventSource would; resolves
 * once the server said the stream is open (events stored from then on are delivered), or with
 * the problem it answered instead.
 *
 * @example const client = await readEventStream(`${gateway}/api/v1/events/stream`, { authorization: `Bearer ${key}` });
 */
export async function readEventStream(
  url: string,
  headers: Readonly<Record<string, string>>,
): Promise<EventStreamClient> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: StreamedEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const client: EventStreamClient = {
    status: res.status,
    headers: res.headers,
    problem: undefined,
    events,
    comments,
    ended: () => ended,
    waitFor: (accept, what, timeoutMs = 30_000) =>
      eventually(async () => events, accept, { what, timeoutMs, intervalMs: 50 }),
    close: () => abort.abort(),
  };
  if (res.status !== 200 || !res.body) {
    client.problem = await res.json().catch(() => undefined);
    ended = true;
    return client;
  }

  const onFrame = (frame: string) => {
    let id = '';
    let name = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0)
      events.push({ id, name, event: ClientEvent.parse(JSON.parse(data.join('\n'))) });
  };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffered.indexOf('\n\n')) >= 0) {
          onFrame(buffered.slice(0, at));
          buffered = buffered.slice(at + 2);
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      ended = true;
    }
  })();
  await eventually(
    async () => comments,
    (c) => c.includes('stream open'),
    { what: 'the stream to open', timeoutMs: 15_000, intervalMs: 20 },
  );
  return client;
}
