import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
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
    await sleep(60);
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
    await sleep(30);
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
    await sleep(40);
    expect(at).toHaveLength(2);
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
    await sleep(30);
    expect(ran).toEqual(['cleared']);
    queue.schedule(5, () => ran.push('after'));
    await sleep(20);
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
    await sleep(20);
    expect(errors).toMatchObject([{ message: 'boom' }]);
    expect(ran).toEqual(['next']);
  });

  it("runs callbacks in the context its timers are armed in, not their callers'", async () => {
    const storage = new AsyncLocalStorage<string>();
    const queue = new DelayQueue({ within: (fn) => storage.run('queue', fn) });
    const seen: (string | undefined)[] = [];
    storage.run('first caller', () => queue.schedule(5, () => seen.push(storage.getStore())));
    storage.run('second caller', () => queue.schedule(5, () => seen.push(storage.getStore())));
    await sleep(20);
    expect(seen).toEqual(['queue', 'queue']);
  });
});
