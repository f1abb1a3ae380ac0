import { createGroupCommit } from './group-commit';

/** A run() whose calls are recorded and settled by the test. */
function controlledRun() {
  const calls: { items: number[]; resolve(): void; reject(err: Error): void }[] = [];
  const run = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({
        items,
        resolve: () => resolve(items.map((n) => n * 10)),
        reject,
      });
    });
  return { calls, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createGroupCommit', () => {
  it('runs a lone item at once, on its own', async () => {
    const { calls, run } = controlledRun();
    const group = createGroupCommit({ maxItems: 10, maxGroups: 1, run });
    const answer = group.submit(1);
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0]!.resolve();
    await expect(answer).resolves.toBe(10);
  });

  it('runs items submitted together as one group, answering each its own output', async () => {
    const { calls, run } = controlledRun();
    const group = createGroupCommit({ maxItems: 10, maxGroups: 1, run });
    const answers = [1, 2, 3].map((n) => group.submit(n));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1, 2, 3]]);
    calls[0]!.resolve();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30]);
  });

  it('groups what arrives while the group slots are busy, up to maxItems, in order', async () => {
    const { calls, run } = controlledRun();
    const group = createGroupCommit({ maxItems: 2, maxGroups: 1, run });
    const first = group.submit(1);
    await tick();
    const later = [2, 3, 4].map((n) => group.submit(n));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0]!.resolve();
    await first;
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3]]);
    calls[1]!.resolve();
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3], [4]]);
    calls[2]!.resolve();
    await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
  });

  it('runs up to maxGroups groups at once', async () => {
    const { calls, run } = controlledRun();
    const group = createGroupCommit({ maxItems: 1, maxGroups: 2, run });
    const answers = [1, 2, 3].map((n) => group.submit(n));
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2]]);
    calls.forEach((c) => c.resolve());
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2], [3]]);
    calls[2]!.resolve();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30]);
  });

  it('runs each item of a failed group on its own, so one bad item fails alone', async () => {
    const run = jest.fn(async (items: number[]) => {
      if (items.includes(2)) throw new Error(`bad item in ${items.join(',')}`);
      return items.map((n) => n * 10);
    });
    const group = createGroupCommit({ maxItems: 10, maxGroups: 1, run });
    const answers = [1, 2, 3].map((n) => group.submit(n).catch((err: Error) => err.message));
    await expect(Promise.all(answers)).resolves.toEqual([10, 'bad item in 2', 30]);
    expect(run.mock.calls.map(([items]) => items)).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('is idle once every submitted item has been answered', async () => {
    const { calls, run } = controlledRun();
    const group = createGroupCommit({ maxItems: 10, maxGroups: 1, run });
    await group.idle();
    const answer = group.submit(1);
    let idle = false;
    const idling = group.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    calls[0]!.resolve();
    await answer;
    await idling;
    expect(idle).toBe(true);
  });
});
