import { ApiError, type Conditional } from '../api/client';
import { createSseParser } from './sse-parser';

/*
 * Where live updates come from. Views say what they watch and hear each change; how changes are
 * noticed is this module's business alone: the API's event stream (`GET /api/v1/events/stream`),
 * each event re-reading the watches it concerns with `If-None-Match`; and, while the stream is
 * refused or unreachable, polling every watch the same way every 2 s. An unchanged list costs a
 * `304` and no rendering either way.
 */

/**
 * `live`: the event stream is open; `polling`: it is not, and watches are checked every few
 * seconds; `offline`: the API cannot be reached at all.
 */
export type ConnectionState = 'connecting' | 'live' | 'polling' | 'offline';

/** Reads a watched resource: its current body, or "unchanged" when `etag` is still current. */
export type Load<T> = (etag: string | undefined) => Promise<Conditional<T>>;

export interface Watcher<T> {
  onData(data: T): void;
  /** The API refused the read (a 4xx, such as 404): the connection itself is fine. */
  onRefused?(error: ApiError): void;
}

/** What a watch is about: events about other conversations leave it alone. */
export interface WatchScope {
  conversationId?: string;
}

export interface LiveSource {
  /** Hears the resource now and at every change, until the returned function is called. */
  watch<T>(load: Load<T>, watcher: Watcher<T>, scope?: WatchScope): () => void;
  /** Checks every watched resource at once (after this console changed something itself). */
  refresh(): void;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  stop(): void;
}

/**
 * Opens the event stream, resuming after `lastEventId` when given: the API's answer, or a
 * rejection when it cannot be reached.
 */
export type OpenStream = (
  lastEventId: string | undefined,
  signal: AbortSignal,
) => Promise<Response>;

/** How often watched lists are checked while polling. */
export const POLL_INTERVAL_MS = 2_000;
/** The longest wait between polls while the API is unreachable. */
const MAX_POLL_BACKOFF_MS = 15_000;
/** The first wait before reopening a dropped stream, unless the server's `retry:` says otherwise. */
const STREAM_RETRY_MS = 1_000;
/** The longest wait between attempts to reopen the stream. */
const MAX_STREAM_BACKOFF_MS = 30_000;
/** Failed attempts in a row after which polling takes over until the stream opens again. */
const STREAM_TRIES_BEFORE_POLLING = 3;
/** A stream silent this long (heartbeats come every 15 s) is taken for dead and reopened. */
const STREAM_SILENCE_MS = 45_000;

interface Watch {
  load: Load<unknown>;
  watcher: Watcher<unknown>;
  scope: WatchScope;
  etag: string | undefined;
  busy: boolean;
  /** A change was announced while a read was under way: read again when it ends. */
  again: boolean;
}

/** What the console needs to know of a client event: the conversation it concerns, if any. */
function conversationOf(data: string): string | null | undefined {
  try {
    const event = JSON.parse(data) as {
      data?: { message?: { conversation_id?: string }; conversation?: { id?: string } };
    };
    return event.data?.message?.conversation_id ?? event.data?.conversation?.id ?? null;
  } catch {
    return undefined;
  }
}

/**
 * A live source fed by the event stream that `open` opens: each event re-reads the watches it
 * concerns (every watch without a conversation, and those of the event's conversation). A
 * dropped stream is reopened with `Last-Event-ID` after a growing wait (from the server's
 * `retry:`, doubling, at most 30 s); after a refusal (a 4xx such as `429`, too many streams) or a
 * few failed attempts in a row, watches are polled with ETags until the stream opens again.
 * Polling alone (`open` absent) is the same source without a stream.
 */
export function liveSource(open?: OpenStream, intervalMs: number = POLL_INTERVAL_MS): LiveSource {
  const watches = new Set<Watch>();
  const listeners = new Set<(state: ConnectionState) => void>();
  const aborter = new AbortController();
  let state: ConnectionState = 'connecting';
  let stopped = false;
  // Polling.
  let polling = !open;
  let pollFailures = 0;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  // The stream.
  let streamOpen = false;
  let streamFailures = 0;
  let retryMs = STREAM_RETRY_MS;
  let lastEventId: string | undefined;
  let streamTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState) => {
    if (stopped || next === state) return;
    state = next;
    for (const listener of listeners) listener(state);
  };

  const check = async (watch: Watch): Promise<boolean> => {
    if (watch.busy) {
      watch.again = true;
      return true;
    }
    watch.busy = true;
    try {
      const answer = await watch.load(watch.etag);
      if (answer.status === 'changed' && watches.has(watch)) {
        watch.etag = answer.etag ?? undefined;
        watch.watcher.onData(answer.data);
      }
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.refused) {
        watch.watcher.onRefused?.(err);
        return true;
      }
      return false;
    } finally {
      watch.busy = false;
      if (watch.again && watches.has(watch) && !stopped) {
        watch.again = false;
        void check(watch);
      }
    }
  };

  const checkAll = async (): Promise<boolean> =>
    (await Promise.all([...watches].map(check))).every(Boolean);

  // ---- Polling: while the stream is not open.

  const poll = async () => {
    pollTimer = undefined;
    const ok = await checkAll();
    if (stopped || !polling) return;
    pollFailures = ok ? 0 : pollFailures + 1;
    if (!streamOpen) setState(ok ? 'polling' : 'offline');
    schedulePoll();
  };

  const schedulePoll = (delayMs?: number) => {
    if (stopped || !polling) return;
    if (pollTimer) clearTimeout(pollTimer);
    const backoff = Math.min(intervalMs * 2 ** pollFailures, MAX_POLL_BACKOFF_MS);
    pollTimer = setTimeout(() => void poll(), delayMs ?? backoff);
  };

  const startPolling = () => {
    if (polling) return;
    polling = true;
    pollFailures = 0;
    schedulePoll(0);
  };

  const stopPolling = () => {
    polling = false;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = undefined;
  };

  // ---- The stream.

  const onStreamEvent = (data: string) => {
    const conversation = conversationOf(data);
    for (const watch of watches) {
      const about = watch.scope.conversationId;
      // An event that cannot be read, or one about no conversation, refreshes everything.
      if (!about || !conversation || about === conversation) void check(watch);
    }
  };

  /** Reads one opened stream to its end; resolves when it ends, rejects when it breaks. */
  const read = async (body: ReadableStream<Uint8Array>) => {
    const parser = createSseParser(
      {
        onEvent: (event) => {
          lastEventId = event.lastEventId || lastEventId;
          onStreamEvent(event.data);
        },
        onRetry: (ms) => (retryMs = ms),
      },
      lastEventId ?? '',
    );
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let silence: ReturnType<typeof setTimeout> | undefined;
    const listen = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => void reader.cancel(), STREAM_SILENCE_MS);
    };
    try {
      listen();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        listen();
        parser.push(decoder.decode(value, { stream: true }));
      }
    } finally {
      if (silence) clearTimeout(silence);
    }
  };

  const connect = async (openStream: OpenStream) => {
    streamTimer = undefined;
    let refused = false;
    try {
      const response = await openStream(lastEventId, aborter.signal);
      const streaming = response.headers.get('Content-Type')?.startsWith('text/event-stream');
      if (!response.ok || !response.body || !streaming) {
        refused = response.status >= 400 && response.status < 500;
        void response.body?.cancel();
        throw new Error(`The event stream was refused (${response.status})`);
      }
      streamOpen = true;
      streamFailures = 0;
      stopPolling();
      setState('live');
      // Whatever changed before the stream opened (or while it was down) is read once now.
      void checkAll();
      await read(response.body);
    } catch {
      // A refusal, a network failure or a broken stream: all reconnect below.
    }
    if (stopped) return;
    const wasOpen = streamOpen;
    streamOpen = false;
    if (!wasOpen) streamFailures += 1;
    if (refused || streamFailures >= STREAM_TRIES_BEFORE_POLLING) startPolling();
    else if (state === 'live') setState('connecting');
    const backoff = Math.min(retryMs * 2 ** Math.max(0, streamFailures - 1), MAX_STREAM_BACKOFF_MS);
    streamTimer = setTimeout(
      () => void connect(openStream),
      refused ? MAX_STREAM_BACKOFF_MS : backoff,
    );
  };

  const onVisible = () => {
    if (document.visibilityState === 'visible') schedulePoll(0);
  };
  document.addEventListener('visibilitychange', onVisible);
  if (open) void connect(open);
  else schedulePoll();

  return {
    watch<T>(load: Load<T>, watcher: Watcher<T>, scope: WatchScope = {}) {
      const watch: Watch = {
        load: load as Load<unknown>,
        watcher: watcher as Watcher<unknown>,
        scope,
        etag: undefined,
        busy: false,
        again: false,
      };
      watches.add(watch);
      void check(watch).then((ok) => {
        if (stopped || streamOpen) return;
        if (!ok) setState('offline');
        else if (polling) setState('polling');
      });
      return () => void watches.delete(watch);
    },
    refresh: () => void checkAll(),
    state: () => state,
    onStateChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      stopped = true;
      aborter.abort();
      stopPolling();
      if (streamTimer) clearTimeout(streamTimer);
      document.removeEventListener('visibilitychange', onVisible);
      watches.clear();
      listeners.clear();
    },
  };
}
