import type { Request } from 'express';

/** What route handlers need from the gateway: the caller's tenant and a way to reach the services. */
export interface GatewayContext {
  tenantOf(req: Request): string;
  call<T = unknown>(subject: string, payload: unknown): Promise<T>;
  defaultCountry: string;
}
