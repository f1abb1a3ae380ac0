import { ApiError, type Conditional } from '../api/client';

/*
 * Where live updates come from. Views say what they watch and hear each change; how changes are
 * noticed is this module's business alone. Today: polling each watched list with
 * `If-None-Match`, so an unchanged list costs a `304` and no rendering. When the API's event
 * stream is there, a stream-backed source answers the same interface (each event refreshes the
 * watches it concerns; `Last-Event-ID` resumes after a drop).
 */

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** Reads a watched resource: its current body, or "unchanged" when `etag` is still current. */
export type Load<T> = (etag: string | undefined) => Promise<Conditional<T>>;

export interface Watcher<T> {
  onData(data: T): void;
  /** The API refused the read (a 4xx, such as 404): the connection itself is fine. */
  onRefused?(error: ApiError): void;
}

export interface LiveSource {
  /** Hears the resource now and at every change, until the returned function is called. */
  watch<T>(load: Load<T>, watcher: Watcher<T>): () => void;
  /** Checks every watched resource at once (after this console changed something itself). */
  refresh(): void;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  stop(): void;
}

/** How often watched lists are checked, and the longest wait between tries while unreachable. */
export const POLL_INTERVAL_MS = 2_000;
const MAX_BACKOFF_MS = 15_000;

interface Watch {
  load: Load<unknown>;
  watcher: Watcher<unknown>;
  etag: string | undefined;
  busy: boolean;
}

/**
 * A live source that polls with ETags: every `intervalMs` while the API answers, backing off
 * (up to 15 s) while it does not, and at once when the tab becomes visible again.
 */
export function pollingLiveSource(intervalMs: number = POLL_INTERVAL_MS): LiveSource {
  const watches = new Set<Watch>();
  const listeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(state);
  };

  const check = async (watch: Watch): Promise<boolean> => {
    if (watch.busy) return true;
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
    }
  };

  const tick = async () => {
    timer = undefined;
    const results = await Promise.all([...watches].map(check));
    if (stopped) return;
    if (results.every(Boolean)) {
      failures = 0;
      if (watches.size > 0) setState('live');
    } else {
      failures += 1;
      setState('reconnecting');
    }
    schedule();
  };

  const schedule = (delayMs?: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const backoff = Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS);
    timer = setTimeout(() => void tick(), delayMs ?? backoff);
  };

  const onVisible = () => {
    if (document.visibilityState === 'visible') schedule(0);
  };
  document.addEventListener('visibilitychange', onVisible);
  schedule();

  return {
    watch<T>(load: Load<T>, watcher: Watcher<T>) {
      const watch: Watch = {
        load: load as Load<unknown>,
        watcher: watcher as Watcher<unknown>,
        etag: undefined,
        busy: false,
      };
      watches.add(watch);
      void check(watch).then((ok) => {
        if (stopped) return;
        if (ok && state === 'connecting') setState('live');
        if (!ok) setState('reconnecting');
      });
      return () => void watches.delete(watch);
    },
    refresh: () => schedule(0),
    state: () => state,
    onStateChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      watches.clear();
      listeners.clear();
    },
  };
}
