export interface GroupCommitOptions<I, O> {
  /** Items handled together at most. */
  maxItems: number;
  /** Groups in flight at once (each holds a database connection). */
  maxGroups: number;
  /** Handles a group; answers one output per item, in order. */
  run(items: I[]): Promise<O[]>;
}

export interface GroupCommit<I, O> {
  /** Resolves with this item's output once its group has run (or rejects with its error). */
  submit(item: I): Promise<O>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
}

interface Pending<I, O> {
  item: I;
  resolve(output: O): void;
  reject(err: unknown): void;
}

/**
 * Group commit: items submitted while earlier groups are in flight wait and then run together,
 * so a burst of concurrent sends costs one transaction instead of one each. Nothing waits on a
 * timer: an item submitted when a group slot is free runs at once (after the current I/O phase,
 * which lets the requests that arrived together run together), so a lone request pays no added
 * latency. When a group fails as a whole, each of its items is run again on its own, so one bad
 * item cannot fail the others.
 *
 * @example const sends = createGroupCommit({ maxItems: 64, maxGroups: 4, run: (cmds) => storeAll(cmds) });
 * const message = await sends.submit(cmd);
 */
export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const queue: Pending<I, O>[] = [];
  let running = 0;
  let scheduled = false;
  const idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (running === 0 && queue.length === 0) idleWaiters.splice(0).forEach((wake) => wake());
  };

  const runGroup = async (group: Pending<I, O>[]) => {
    try {
      const outputs = await options.run(group.map((p) => p.item));
      group.forEach((p, i) => p.resolve(outputs[i]!));
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
      await Promise.all(
        group.map((p) =>
          options.run([p.item]).then(
            ([output]) => p.resolve(output!),
            (alone: unknown) => p.reject(alone),
          ),
        ),
      );
    }
  };

  const drain = () => {
    scheduled = false;
    while (running < options.maxGroups && queue.length > 0) {
      const group = queue.splice(0, options.maxItems);
      running += 1;
      void runGroup(group).finally(() => {
        running -= 1;
        drain();
        settleIdle();
      });
    }
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!scheduled && running < options.maxGroups) {
          scheduled = true;
          setImmediate(drain);
        }
      });
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
