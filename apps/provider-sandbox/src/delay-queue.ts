import { performance } from 'node:perf_hooks';

/** A callback waiting in a `DelayQueue`; `cancel()` keeps it from running. */
export interface Delayed {
  cancel(): void;
}

class Entry implements Delayed {
  constructor(
    readonly due: number,
    public run: (() => void) | undefined,
    public onClear: (() => void) | undefined,
  ) {}

  cancel(): void {
    // Dropped at once, so whatever the callback holds can be collected before its time.
    this.run = undefined;
    this.onClear = undefined;
  }
}

/** The entries of one delay, due in the order they were added. */
class Lane {
  entries: Entry[] = [];
  /** The first entry not yet run. */
  head = 0;
  timer: NodeJS.Timeout | undefined = undefined;
  /** Running its due entries: the timer is armed again once they ran. */
  firing = false;
}

/** Consumed entries are dropped from a lane's array once they are this many and half of it. */
const COMPACT_AFTER = 1024;

/**
 * Runs callbacks after a delay, with one timer per distinct delay instead of one per callback:
 * the sandbox waits the same few delays (the callback pause, the retry pauses, the request
 * bound) for thousands of messages a second. Callbacks of one delay run in the order they were
 * added; those falling due within a millisecond of each other run together.
 *
 * @example
 * const delays = new DelayQueue();
 * const timeout = delays.schedule(5_000, () => req.destroy());
 * timeout.cancel();
 */
export class DelayQueue {
  private readonly lanes = new Map<number, Lane>();

  private readonly within: <T>(fn: () => T) => T;
  private readonly onError: (err: unknown) => void;

  /**
   * @param options.within what timers are armed inside, e.g. `detached`: a lane's timer runs
   *   every callback of its turn in the context it was armed in, which must be nobody's in
   *   particular.
   * @param options.onError told what a callback threw; the others of its turn run regardless.
   *   By default the error is thrown again outside the queue, as from a timer of its own.
   */
  constructor(options: { within?: <T>(fn: () => T) => T; onError?: (err: unknown) => void } = {}) {
    this.within = options.within ?? ((fn) => fn());
    this.onError =
      options.onError ??
      ((err) =>
        queueMicrotask(() => {
          throw err;
        }));
  }

  /**
   * Runs `run` after `ms`; `onClear` instead if the queue is cleared first (e.g. to reject the
   * promise of a pause).
   */
  schedule(ms: number, run: () => void, onClear?: () => void): Delayed {
    const delay = Math.max(0, Math.round(ms));
    let lane = this.lanes.get(delay);
    if (!lane) {
      lane = new Lane();
      this.lanes.set(delay, lane);
    }
    const entry = new Entry(performance.now() + delay, run, onClear);
    lane.entries.push(entry);
    if (!lane.timer && !lane.firing) this.arm(delay, lane, delay);
    return entry;
  }

  /** Drops every waiting callback, telling those scheduled with `onClear`. */
  clear(): void {
    const lanes = [...this.lanes.values()];
    this.lanes.clear();
    for (const lane of lanes) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      for (let i = lane.head; i < lane.entries.length; i += 1) {
        const entry = lane.entries[i]!;
        const onClear = entry.onClear;
        entry.cancel();
        onClear?.();
      }
      lane.entries = [];
      lane.head = 0;
    }
  }

  private arm(delay: number, lane: Lane, ms: number): void {
    lane.timer = this.within(() => setTimeout(() => this.fire(delay, lane), ms));
  }

  private fire(delay: number, lane: Lane): void {
    lane.timer = undefined;
    lane.firing = true;
    // Anything due within the next millisecond goes now: timers are no finer than that.
    const now = performance.now() + 1;
    while (lane.head < lane.entries.length && lane.entries[lane.head]!.due <= now) {
      const entry = lane.entries[lane.head]!;
      lane.head += 1;
      const run = entry.run;
      entry.cancel();
      try {
        run?.();
      } catch (err) {
        this.onError(err);
      }
    }
    lane.firing = false;
    if (lane.head >= COMPACT_AFTER && lane.head * 2 >= lane.entries.length) {
      lane.entries = lane.entries.slice(lane.head);
      lane.head = 0;
    }
    // A callback may have cleared the queue: the lane is then no longer this queue's.
    if (this.lanes.get(delay) !== lane) return;
    const next = lane.entries[lane.head];
    if (next) this.arm(delay, lane, Math.max(0, next.due - performance.now()));
    else this.lanes.delete(delay);
  }
}
