import { Router, type IRouter } from 'express';
import { parseOrThrow } from '@switchboard/http';
import type { Route, RouteInput } from './route-definition';

/** The express path of an OpenAPI path template: `/messages/{id}` → `/messages/:id`. */
export function expressPathOf(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Registers each route with express at its own method and path, in table order. Before the
 * handler runs, the route's schemas parse the query, then the path, then the body — the first
 * that fails answers `400` naming its fields.
 */
function mountRoutes<D>(router: IRouter, routes: readonly Route<D>[], deps: D): void {
  for (const route of routes) {
    const { request = {} } = route;
    router[route.method](expressPathOf(route.path), async (req, res, next) => {
      const input: RouteInput = {
        req,
        res,
        next,
        query: request.query ? parseOrThrow(request.query, req.query) : undefined,
        path: request.path ? parseOrThrow(request.path, req.params) : undefined,
        body: request.body
          ? parseOrThrow(request.body.parseWith ?? request.body.schema, req.body)
          : undefined,
      };
      await route.handle(deps, input);
    });
  }
}

/**
 * A router serving `routes`, each at its method and path; mounted with `app.use()`, it answers
 * like any express router (an `OPTIONS` request for one of its paths is answered with the
 * methods it takes there).
 *
 * @example app.use(routerOf(apiRoutes, ctx));
 */
export function routerOf<D>(routes: readonly Route<D>[], deps: D): Router {
  const router = Router();
  mountRoutes(router, routes, deps);
  return router;
}
