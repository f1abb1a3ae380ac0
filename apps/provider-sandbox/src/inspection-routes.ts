import { Router } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '@switchboard/http';
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

/**
 * The sandbox's own API for tests and people: what was accepted, and a reset.
 *
 * @example app.use(inspectionRoutes({ store }));
 */
export function inspectionRoutes(deps: { store: MessageStore }): Router {
  const { store } = deps;
  const router = Router();

  router.get('/sandbox/messages', (req, res) => {
    const query = parseOrThrow(listQuery, req.query, 'query');
    res.json(store.list(query));
  });

  router.delete('/sandbox/messages', (_req, res) => {
    store.clear();
    res.status(204).end();
  });

  return router;
}
