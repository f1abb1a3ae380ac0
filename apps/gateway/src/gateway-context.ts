import type { Request } from 'express';
import type {
  RpcContract,
  RpcReplyOf,
  RpcRequestOf,
  TenantPrincipal,
} from '@switchboard/contracts';
import type { MalwareScanner, MediaStorage } from '@switchboard/media';
import type { Logger } from '@switchboard/observability';
import type { EventStreams } from './event-stream/event-streams';
import type { ProviderHealthBoard } from './provider-health/provider-health-board';

/** What route handlers need from the gateway: the caller's tenant and a way to reach the services. */
export interface GatewayContext {
  /** The tenant the request was authenticated as (fails closed on a route without auth). */
  tenantOf(req: Request): string;
  /** Who the request acts as: tenant, API key id, and the tenant's own rate limit. */
  principalOf(req: Request): TenantPrincipal;
  /** Calls a service over request/reply: request and reply typed by the contract. */
  call<C extends RpcContract>(contract: C, payload: RpcRequestOf<C>): Promise<RpcReplyOf<C>>;
  defaultCountry: string;
  /** Attachment hosts accepted although they look local (development's provider-sandbox). */
  attachmentHostAllowlist: readonly string[];
  /** The live event streams (Server-Sent Events) this replica serves. */
  eventStreams: Pick<EventStreams, 'serve'>;
  /** The providers' health as the dispatchers last reported it (platform-wide). */
  providerHealth: Pick<ProviderHealthBoard, 'snapshot'>;
  /** Where uploads are stored and scanned; the signing key of media URLs. */
  media: {
    storage: MediaStorage;
    scanner: MalwareScanner;
    maxBytes: number;
    urlSecret: string;
  };
  log: Logger;
}
