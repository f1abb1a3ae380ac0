import type { Request } from 'express';

/** Who a request's budget is charged to. */
export interface RateLimitSubject {
  kind: 'tenant' | 'ip';
  id: string;
}

/** Request headers that carry credentials; a request with none of them is anonymous. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'] as const;

/** Whether the request presented credentials of any kind (valid or not). */
export function sentCredentials(req: Request): boolean {
  return CREDENTIAL_HEADERS.some((name) => req.headers[name] !== undefined);
}

/**
 * The client a request is charged to: its tenant — except an anonymous request that falls to the
 * built-in development tenant, which is charged to its source address so that local clients
 * (and test suites) do not share one budget. The auth layer refines this as it learns more about
 * the caller; the rate limiter only asks this function.
 *
 * @example rateLimitSubject(req, ctx.tenantOf(req), DEVELOPMENT_TENANT) // { kind: 'tenant', id: 'acme' }
 */
export function rateLimitSubject(
  req: Request,
  tenant: string,
  developmentTenant: string,
): RateLimitSubject {
  if (tenant === developmentTenant && !sentCredentials(req)) {
    return { kind: 'ip', id: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
  }
  return { kind: 'tenant', id: tenant };
}
