import type { Request, Response } from 'express';

/**
 * The most of a refused request's body read (and thrown away) before it is answered. A client
 * still sending when the connection closes may see a reset instead of the answer, so a body of
 * ordinary webhook size is taken first; a larger one, or one that announces itself larger, is
 * answered at once and its connection closed.
 */
export const REFUSED_BODY_DISCARD_BYTES = 1024 * 1024;
/** How long a refused body may take to arrive before it is answered anyway (and cut off). */
export const REFUSED_BODY_DISCARD_MS = 2_000;

/**
 * Makes way for the answer to a request refused without reading its body: what arrives is
 * discarded, never kept, up to `REFUSED_BODY_DISCARD_BYTES` or `REFUSED_BODY_DISCARD_MS`. Resolves
 * when the body has ended (the connection stays usable) or at once when it is larger or slower —
 * then the answer closes the connection.
 *
 * @example await discardRefusedBody(req, res); sendProblem(res, problem);
 */
export function discardRefusedBody(req: Request, res: Response): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  const announced = Number(req.headers['content-length']);
  if (announced > REFUSED_BODY_DISCARD_BYTES) {
    res.set('Connection', 'close');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let seen = 0;
    const cutOff = () => {
      req.pause();
      res.set('Connection', 'close');
      done();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > REFUSED_BODY_DISCARD_BYTES) cutOff();
    };
    const timer = setTimeout(cutOff, REFUSED_BODY_DISCARD_MS);
    function done() {
      clearTimeout(timer);
      req.off('data', onData).off('end', done).off('error', done).off('close', done);
      resolve();
    }
    req.on('data', onData).once('end', done).once('error', done).once('close', done);
  });
}
