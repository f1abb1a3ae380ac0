import type { Writable } from 'node:stream';

/**
 * Resolves once what was written to `out` has gone out (`drain`), or the peer went away
 * (`close`): a writer that got `false` from `write` waits on it before writing more, so a slow
 * client holds back its writer instead of growing its buffer.
 *
 * @example if (!res.write(chunk)) await drained(res);
 */
export function drained(out: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
