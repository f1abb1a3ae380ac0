import { Router, type Response } from 'express';
import { z } from 'zod';
import { drained, parseOrThrow } from '@switchboard/http';
import type { MessageStore } from './message-store';
import { Providers } from './sandbox-message';

const listQuery = z.object({
  // An unencoded `+` in a query string decodes to a space (`?to=+1555…`); no address starts
  // with a space, so read it back as the `+` the caller typed.
  to: z
    .string()
    .min(1)
    .transform((to) => to.replace(/^ (?=\d)/, '+'))
    .optional(),
  provider: z.enum(Providers).optional(),
});

/** Records per write of a long listing. */
const LIST_CHUNK = 1000;

/**
 * Answers a JSON array as `res.json` would, a long one written a chunk of records at a time:
 * 100,000 records would otherwise be one string of tens of megabytes, and its copy in bytes.
 */
async function sendJsonList(res: Response, items: readonly unknown[]): Promise<void> {
  if (items.length <= LIST_CHUNK) {
    res.json(items);
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  let gone = false;
  res.once('close', () => (gone = true));
  for (let start = 0; start < items.length; start += LIST_CHUNK) {
    const chunk = items.slice(start, start + LIST_CHUNK).map((item) => JSON.stringify(item));
    if (!res.write(`${start === 0 ? '[' : ','}${chunk.join(',')}`)) await drained(res);
    // A client that went away reads no more.
    if (gone) return;
  }
  res.end(']');
}

/**
 * The sandbox's own API for tests and people: what was accepted, and a reset.
 *
 * @example app.use(inspectionRoutes({ store }));
 */
export function inspectionRoutes(deps: { store: MessageStore }): Router {
  const { store } = deps;
  const router = Router();

  router.get('/sandbox/messages', async (req, res) => {
    const query = parseOrThrow(listQuery, req.query, 'query');
    await sendJsonList(res, store.list(query));
  });

  router.delete('/sandbox/messages', (_req, res) => {
    store.clear();
    res.status(204).end();
  });

  return router;
}
