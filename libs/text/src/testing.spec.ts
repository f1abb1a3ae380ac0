import { slowCalls } from './testing';

/** Keeps the thread busy for `ms` of CPU time, as a super-linear pass over a large input would. */
const busyFor = (ms: number) => {
  const started = process.cpuUsage();
  const used = () => {
    const { user, system } = process.cpuUsage(started);
    return (user + system) / 1_000;
  };
  while (used() < ms);
};

describe('slowCalls', () => {
  it('names a call that is over its budget every time, with its fastest time', () => {
    const [report, ...rest] = slowCalls([['always slow', () => busyFor(60)]], 50);
    expect(rest).toEqual([]);
    expect(report).toMatch(/^always slow: \d+ ms$/);
    expect(Number(/\d+/.exec(report!)![0])).toBeGreaterThanOrEqual(59);
  });

  it('lets a call through that stalled once (a collection, a first compilation)', () => {
    let calls = 0;
    const stallsFirst = () => busyFor(calls++ === 0 ? 60 : 0);
    expect(slowCalls([['stalls once', stallsFirst]], 50)).toEqual([]);
    expect(calls).toBe(2);
  });
});
