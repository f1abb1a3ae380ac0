import { KeyedExecutor } from './keyed-executor';

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-scheduled promise continuation run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A task that records when it starts and ends and finishes only when the test releases it,
 * so overlap is observed directly rather than inferred from timings.
 */
function gatedTasks() {
  const events: string[] = [];
  const gates = new Map<string, Deferred>();
  let running = 0;
  let maxRunning = 0;
  const task = (name: string) => {
    const gate = deferred();
    gates.set(name, gate);
    return async () => {
      events.push(`start ${name}`);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      try {
        await gate.promise;
      } finally {
        running -= 1;
        events.push(`end ${name}`);
      }
    };
  };
  const release = (name: string) => gates.get(name)!.resolve();
  const fail = (name: string) => gates.get(name)!.reject(new Error(`${name} failed`));
  return {
    events,
    task,
    release,
    fail,
    started: () => events.filter((e) => e.startsWith('start ')).map((e) => e.slice(6)),
    maxRunning: () => maxRunning,
  };
}

describe('KeyedExecutor', () => {
  it('runs the tasks of one key one after another, in submission order', async () => {
    const executor = new KeyedExecutor(8);
    const t = gatedTasks();
    void executor.run('conv-1', t.task('m1'));
    void executor.run('conv-1', t.task('m2'));
    void executor.run('conv-1', t.task('m3'));
    await settle();
    expect(t.started()).toEqual(['m1']);

    // Releasing later tasks first must not let them overtake.
    t.release('m3');
    t.release('m2');
    await settle();
    expect(t.started()).toEqual(['m1']);

    t.release('m1');
    await executor.idle();
    expect(t.events).toEqual(['start m1', 'end m1', 'start m2', 'end m2', 'start m3', 'end m3']);
    expect(t.maxRunning()).toBe(1);
  });

  it('keeps per-key order for many interleaved keys', async () => {
    const executor = new KeyedExecutor(3);
    const order = new Map<string, number[]>();
    const running = new Set<string>();
    let overlapWithinKey = false;
    for (let i = 0; i < 60; i++) {
      const key = `conv-${i % 5}`;
      void executor.run(key, async () => {
        if (running.has(key)) overlapWithinKey = true;
        running.add(key);
        // Yield a varying number of times so tasks of different keys interleave.
        for (let y = 0; y < (i * 7) % 4; y++) await Promise.resolve();
        order.set(key, [...(order.get(key) ?? []), i]);
        running.delete(key);
      });
    }
    await executor.idle();

    expect(overlapWithinKey).toBe(false);
    for (let k = 0; k < 5; k++) {
      const expected = Array.from({ length: 12 }, (_, n) => n * 5 + k);
      expect(order.get(`conv-${k}`)).toEqual(expected);
    }
  });

  it('runs different keys in parallel', async () => {
    const executor = new KeyedExecutor(4);
    const t = gatedTasks();
    void executor.run('conv-a', t.task('a'));
    void executor.run('conv-b', t.task('b'));
    void executor.run('conv-c', t.task('c'));
    await settle();

    // All three are in flight before any of them finished.
    expect(t.started()).toEqual(['a', 'b', 'c']);
    expect(t.events.some((e) => e.startsWith('end '))).toBe(false);

    t.release('b');
    await settle();
    expect(t.events).toContain('end b');
    expect(t.events).not.toContain('end a');

    t.release('a');
    t.release('c');
    await executor.idle();
    expect(t.maxRunning()).toBe(3);
  });

  it('never runs more than `concurrency` tasks at once, and starts the next as one finishes', async () => {
    const executor = new KeyedExecutor(2);
    const t = gatedTasks();
    for (const name of ['a', 'b', 'c', 'd', 'e']) void executor.run(`conv-${name}`, t.task(name));
    await settle();
    expect(t.started()).toEqual(['a', 'b']);

    t.release('a');
    await settle();
    expect(t.started()).toEqual(['a', 'b', 'c']);

    t.release('b');
    t.release('c');
    await settle();
    expect(t.started()).toEqual(['a', 'b', 'c', 'd', 'e']);

    t.release('d');
    t.release('e');
    await executor.idle();
    expect(t.maxRunning()).toBe(2);
  });

  it('does not let a waiting key hold a slot another key could use', async () => {
    const executor = new KeyedExecutor(2);
    const t = gatedTasks();
    void executor.run('conv-1', t.task('1a'));
    void executor.run('conv-1', t.task('1b'));
    void executor.run('conv-2', t.task('2a'));
    await settle();
    // 1b waits for 1a (same key), so the second slot goes to conv-2.
    expect(t.started()).toEqual(['1a', '2a']);

    t.release('1a');
    t.release('1b');
    t.release('2a');
    await executor.idle();
    expect(t.started()).toEqual(['1a', '2a', '1b']);
  });

  it('keeps a key going after one of its tasks throws, and never rejects', async () => {
    const executor = new KeyedExecutor(1);
    const t = gatedTasks();
    const first = executor.run('conv-1', t.task('m1'));
    const second = executor.run('conv-1', t.task('m2'));
    // A task that throws before returning a promise at all.
    const throwsSynchronously = (): Promise<void> => {
      throw new Error('boom');
    };
    const third = executor.run('conv-1', throwsSynchronously);
    const fourth = executor.run('conv-1', t.task('m4'));

    t.fail('m1');
    await expect(first).resolves.toBeUndefined();
    t.release('m2');
    await expect(second).resolves.toBeUndefined();
    await expect(third).resolves.toBeUndefined();
    t.release('m4');
    await expect(fourth).resolves.toBeUndefined();

    expect(t.events).toEqual(['start m1', 'end m1', 'start m2', 'end m2', 'start m4', 'end m4']);
  });

  it('frees the slot of a failed task', async () => {
    const executor = new KeyedExecutor(1);
    const t = gatedTasks();
    void executor.run('conv-a', t.task('a'));
    void executor.run('conv-b', t.task('b'));
    await settle();
    expect(t.started()).toEqual(['a']);

    t.fail('a');
    await settle();
    expect(t.started()).toEqual(['a', 'b']);
    t.release('b');
    await executor.idle();
  });

  it('resolves idle() only once every queued task has run', async () => {
    const executor = new KeyedExecutor(2);
    const t = gatedTasks();
    for (const name of ['a1', 'a2']) void executor.run('conv-a', t.task(name));
    void executor.run('conv-b', t.task('b1'));

    let idle = false;
    const idlePromise = executor.idle().then(() => {
      idle = true;
    });
    expect(executor.pendingKeys).toBe(2);

    t.release('a1');
    t.release('b1');
    await settle();
    expect(idle).toBe(false);
    expect(executor.pendingKeys).toBe(1);

    // Work queued while idle() is waiting is waited for too.
    void executor.run('conv-c', t.task('c1'));
    t.release('a2');
    await settle();
    expect(idle).toBe(false);

    t.release('c1');
    await idlePromise;
    expect(idle).toBe(true);
    expect(executor.pendingKeys).toBe(0);
    expect(t.events.filter((e) => e.startsWith('end ')).sort()).toEqual([
      'end a1',
      'end a2',
      'end b1',
      'end c1',
    ]);
  });

  it('resolves idle() at once when nothing is queued', async () => {
    const executor = new KeyedExecutor(1);
    await expect(executor.idle()).resolves.toBeUndefined();
    expect(executor.pendingKeys).toBe(0);
  });
});
