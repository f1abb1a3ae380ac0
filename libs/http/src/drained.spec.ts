import { PassThrough } from 'node:stream';
import { drained } from './drained';

describe('drained', () => {
  it('waits until what was written has been read', async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    expect(out.write('more than four bytes')).toBe(false);
    let done = false;
    const waiting = drained(out).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    out.read();
    await waiting;
    expect(done).toBe(true);
    expect(out.listenerCount('drain') + out.listenerCount('close')).toBe(0);
  });

  it('stops waiting when the peer goes away', async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    out.write('more than four bytes');
    const waiting = drained(out);
    out.destroy();
    await expect(waiting).resolves.toBeUndefined();
  });
});
