import type { Request } from 'express';
import type { TenantPrincipal } from '@switchboard/contracts';

/** What route handlers need from the gateway: the caller's tenant and a way to reach the services. */
export interface GatewayContext {
  /** The tenant the request was authenticated as (fails closed on a route without auth). */
  tenantOf(req: Request): string;
  /** Who the request acts as: tenant, API key id, and the tenant's own rate limit. */
  principalOf(req: Request): TenantPrincipal;
  call<T = unknown>(subject: string, payload: unknown): Promise<T>;
  defaultCountry: string;
  /** Attachment hosts accepted although they look local (development's provider-sandbox). */
  attachmentHostAllowlist: readonly string[];
}
