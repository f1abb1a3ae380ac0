import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from '@switchboard/testing';
import { DelayQueue } from './delay-queue';

describe('DelayQueue', () => {
  it('runs each callback after its delay, those of one delay in the order they came', async () => {
    const queue = new DelayQueue();
    const ran: string[] = [];
    const started = performance.now();
    const at: Record<string, number> = {};
    const note = (name: string) => () => {
      ran.push(name);
      at[name] = performance.now() - started;
    };
    queue.schedule(30, note('a'));
    queue.schedule(5, note('quick'));
    await sleep(10);
    queue.schedule(30, note('b'));
    await until(() => ran.length === 3);
    expect(ran).toEqual(['quick', 'a', 'b']);
    expect(at['a']).toBeGreaterThanOrEqual(29);
    expect(at['b']).toBeGreaterThanOrEqual(39);
  });

  it('skips a cancelled callback and keeps the others on time', async () => {
    const queue = new DelayQueue();
    const ran: string[] = [];
    const first = queue.schedule(10, () => ran.push('first'));
    queue.schedule(10, () => ran.push('second'));
    first.cancel();
    // `first` is ahead of `second` in their lane: had it not been skipped, it would have run first.
    await until(() => ran.length > 0);
    expect(ran).toEqual(['second']);
  });

  it('runs a callback scheduled by another on the same delay after its own delay', async () => {
    const queue = new DelayQueue();
    const at: number[] = [];
    const started = performance.now();
    queue.schedule(10, () => {
      at.push(performance.now() - started);
      queue.schedule(10, () => at.push(performance.now() - started));
    });
    await until(() => at.length === 2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(9);
  });

  it('drops everything on clear, telling those that asked', async () => {
    const queue = new DelayQueue();
    const ran: string[] = [];
    queue.schedule(
      10,
      () => ran.push('run'),
      () => ran.push('cleared'),
    );
    queue.schedule(20, () => ran.push('run too'));
    queue.clear();
    expect(ran).toEqual(['cleared']);
    // Timers fire in the order they are due: the dropped callbacks would have run before this one.
    queue.schedule(30, () => ran.push('after'));
    await until(() => ran.includes('after'));
    expect(ran).toEqual(['cleared', 'after']);
  });

  it('keeps running the rest when one callback throws, and says what it threw', async () => {
    const errors: unknown[] = [];
    const queue = new DelayQueue({ onError: (err) => errors.push(err) });
    const ran: string[] = [];
    queue.schedule(5, () => {
      throw new Error('boom');
    });
    queue.schedule(5, () => ran.push('next'));
    await until(() => errors.length + ran.length === 2);
    expect(errors).toMatchObject([{ message: 'boom' }]);
    expect(ran).toEqual(['next']);
  });

  it("runs callbacks in the context its timers are armed in, not their callers'", async () => {
    const storage = new AsyncLocalStorage<string>();
    const queue = new DelayQueue({ within: (fn) => storage.run('queue', fn) });
    const seen: (string | undefined)[] = [];
    storage.run('first caller', () => queue.schedule(5, () => seen.push(storage.getStore())));
    storage.run('second caller', () => queue.schedule(5, () => seen.push(storage.getStore())));
    await until(() => seen.length === 2);
    expect(seen).toEqual(['queue', 'queue']);
  });
});
