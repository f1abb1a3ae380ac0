import { METHODS } from 'node:http';

/** A route an express app serves. */
export interface ServedRoute {
  /** Lower-case HTTP method, or `*` for a route taking every method (`app.all()`). */
  method: string;
  /** The route's path as declared, mount prefixes included (`/api/v1/messages/:id`). */
  path: string;
  /** Whether express would dispatch a request for this concrete path to the route. */
  matches(path: string): boolean;
}

/*
 * The shapes express 5's router (the `router` package) gives its stack. Its types declare layers
 * loosely, so they are read defensively here.
 */
interface Layer {
  route?: { path?: unknown; methods?: Record<string, boolean> };
  handle?: unknown;
  /** The path a `use()` layer was mounted at (router ≥ 2.3). */
  rawPath?: unknown;
  match?: (path: string) => boolean;
}

function stackOf(handler: unknown): readonly Layer[] | undefined {
  const stack = (handler as { stack?: unknown } | null | undefined)?.stack;
  return Array.isArray(stack) ? (stack as Layer[]) : undefined;
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

const EVERY_METHOD = METHODS.map((method) => method.toLowerCase());

/** `app.all()` registers the route once per method; it reads better as the one route it is. */
function methodsOf(flags: Record<string, boolean>): string[] {
  const methods = Object.keys(flags).filter((method) => flags[method]);
  const all = flags['_all'] || EVERY_METHOD.every((method) => flags[method]);
  return all ? ['*'] : methods;
}

/** A mount point: the literal prefix and express's matcher for it. */
interface Mount {
  prefix: string;
  matches(path: string): boolean;
}

function walk(stack: readonly Layer[], mounts: readonly Mount[], out: ServedRoute[]): void {
  const prefix = mounts.reduce((acc, mount) => join(acc, mount.prefix), '');
  for (const layer of stack) {
    const match = layer.match?.bind(layer);
    if (!match) continue;
    if (layer.route) {
      const path = join(prefix, String(layer.route.path));
      const matches = (concrete: string) => matchesThrough(mounts, concrete, match);
      for (const method of methodsOf(layer.route.methods ?? {})) {
        out.push({ method, path, matches });
      }
      continue;
    }
    const nested = stackOf(layer.handle);
    if (!nested) continue; // plain middleware: body parsing, static files, …
    if (typeof layer.rawPath !== 'string') {
      throw new Error('a router is mounted without a literal path; cannot list its routes');
    }
    walk(nested, [...mounts, { prefix: layer.rawPath, matches: match }], out);
  }
}

/** Strips each mount prefix in turn, as express does while dispatching, then asks the route. */
function matchesThrough(
  mounts: readonly Mount[],
  path: string,
  route: (path: string) => boolean,
): boolean {
  let rest = path;
  for (const mount of mounts) {
    if (!mount.matches(rest)) return false;
    const prefix = mount.prefix.replace(/\/$/, '');
    rest = rest.slice(prefix.length) || '/';
  }
  return route(rest);
}

/**
 * Every route an express app or router serves, found by walking its router stack (mounted
 * routers included), each with express's own matcher: the list is what express dispatches on.
 *
 * @example listRoutes(app.router).filter((r) => r.matches('/health'))
 */
export function listRoutes(router: unknown): ServedRoute[] {
  const stack = stackOf(router);
  if (!stack) throw new Error('not an express router');
  const out: ServedRoute[] = [];
  walk(stack, [], out);
  return out;
}
