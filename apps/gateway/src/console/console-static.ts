import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import helmet from 'helmet';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/**
 * The console's own Content-Security-Policy, stricter than the API's: scripts and styles only
 * from files of this origin (no inline code of either kind), requests only to this origin, no
 * plugins, frames or form posts elsewhere. Images may come from the tenant's attachment hosts.
 */
const CONSOLE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'https:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** Vite names every built asset by its content hash: a new build is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page names the current assets: always revalidated, so a deployment shows at once. */
const REVALIDATE = 'no-cache';

/**
 * Serves the console's built files under `/console/`: hashed assets cached for a year, the page
 * revalidated on every load, and the page for every other path below (the console routes in the
 * browser). Without a build in `dir`, the router passes every request on (the API's 404).
 *
 * @example app.use(consoleRouter(config.CONSOLE_DIR));
 */
export function consoleRouter(dir: string): Router {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  const router = Router();
  router.use(CONSOLE_PATH, helmet.contentSecurityPolicy(CONSOLE_CSP));
  const sendIndex = (res: Response) => {
    if (!existsSync(index)) return false;
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(index);
    return true;
  };
  // `/console` (routing is not strict about a trailing slash): the page's relative asset paths
  // and the console's own addresses are under `/console/`.
  router.get(CONSOLE_PATH, (req, res, next) => {
    const [pathname = '', query] = req.originalUrl.split('?', 2);
    if (pathname.endsWith('/')) return next();
    res.redirect(301, `${CONSOLE_PATH}/${query ? `?${query}` : ''}`);
  });
  router.use(
    `${CONSOLE_PATH}/assets`,
    express.static(path.join(root, 'assets'), {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', IMMUTABLE),
    }),
  );
  // An asset of another build is gone: a plain 404, never the page in its place.
  router.use(`${CONSOLE_PATH}/assets`, (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  router.use(
    CONSOLE_PATH,
    express.static(root, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', REVALIDATE),
    }),
  );
  router.get([`${CONSOLE_PATH}/`, `${CONSOLE_PATH}/{*rest}`], (_req, res, next) => {
    if (!sendIndex(res)) next();
  });
  return router;
}
