import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import type { ZodOpenApiResponsesObject, oas31 } from 'zod-openapi';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Named examples of a media type, as OpenAPI writes them. */
export type NamedExamples = Readonly<Record<string, { summary?: string; value: unknown }>>;

export interface RouteBody {
  /** The body as documented (and, unless `parseWith` is given, as validated). */
  schema: z.ZodType;
  examples: NamedExamples;
  /** Defaults to `application/json`. */
  contentType?: string;
  /**
   * A looser schema the route validates with instead, when the route takes a body apart itself
   * (a bulk send validates each message on its own, so one bad message fails alone).
   */
  parseWith?: z.ZodType;
}

/** What a route takes besides its method and path; each part is documented and validated. */
export interface RouteRequest {
  path?: z.ZodObject;
  query?: z.ZodObject;
  /**
   * Documented only: the headers a route takes are checked by the middleware in front of it
   * (`Idempotency-Key` by the idempotency middleware, which answers its own problems).
   */
  header?: z.ZodObject;
  body?: RouteBody;
}

/** A route as the OpenAPI document describes it. */
export interface DocumentedRoute {
  method: HttpMethod;
  /** The OpenAPI path template: `/api/v1/messages/{id}`. */
  path: string;
  operationId: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  request?: RouteRequest;
  responses: ZodOpenApiResponsesObject;
  /**
   * The credentials the route needs; absent on public routes. Credentials are checked by the
   * authentication middleware, and the rate limiter sits right behind it: an authenticated
   * route is documented with its rate limits too.
   */
  security?: readonly oas31.SecurityRequirementObject[];
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type ParsedBody<B> = B extends { parseWith: infer P extends z.ZodType }
  ? z.output<P>
  : B extends { schema: infer S extends z.ZodType }
    ? z.output<S>
    : undefined;

/** What a handler is given: the request parsed with the route's own schemas. */
export interface RouteInput<R extends RouteRequest = RouteRequest> {
  req: Request;
  res: Response;
  next: NextFunction;
  path: Parsed<R['path']>;
  query: Parsed<R['query']>;
  body: ParsedBody<R['body']>;
}

/** A route the gateway serves: its documentation and its handler, declared together. */
export interface Route<D, R extends RouteRequest = RouteRequest> extends DocumentedRoute {
  request?: R;
  /** Answers the request; a thrown error becomes the problem+json answer for it. */
  handle(deps: D, input: RouteInput<R>): Promise<void> | void;
}

/**
 * Declares routes whose handlers take `D`: fixes `D` once per table, and types each handler's
 * input from its route's schemas.
 *
 * @example
 * const route = routeDefiner<GatewayContext>();
 * export const pingRoutes = [route({ method: 'get', path: '/ping', …, handle: (ctx, { res }) => void res.json({}) })];
 */
export function routeDefiner<D>() {
  return <R extends RouteRequest>(route: Route<D, R>): Route<D> => route;
}
