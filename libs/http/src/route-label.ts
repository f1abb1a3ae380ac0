import type { Request } from 'express';

const TEMPLATE = Symbol('switchboard.routeTemplate');

type Tracked = Request & { [TEMPLATE]?: string };

/**
 * Remembers the route template (`/api/v1/messages/:id`) at the moment express matches a route.
 * Reading `req.baseUrl` later is not enough: a router puts it back when an error leaves it, so a
 * failed request would be labelled with the router-relative path (`/:id`).
 */
export function recordRouteTemplate(req: Request): void {
  let route: unknown = undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') (req as Tracked)[TEMPLATE] = `${req.baseUrl}${path}`;
    },
  });
}

/**
 * The bounded `route` label of a request: the template of the route that handled it, without a
 * trailing slash, or `unmatched` — never the raw path, whose ids would make a series each.
 */
export function routeLabel(req: Request): string {
  const template = (req as Tracked)[TEMPLATE];
  if (!template) return 'unmatched';
  return template.length > 1 && template.endsWith('/') ? template.slice(0, -1) : template;
}
