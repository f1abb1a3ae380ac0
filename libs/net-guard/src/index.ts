/**
 * What Switchboard accepts as a URL it hands on (attachment links): https, no credentials, and a
 * host that is not loopback, private, link-local or cloud metadata in any spelling.
 */
export { hostAllowed, unsafeHostReason, unsafeUrlReason } from './host-policy';
export { parseIpv4 } from './ip-address';
export { NETWORK_ERROR_CODES, isNetworkErrorCode } from './network-errors';
/** Where client webhook endpoints may point, checked at registration and before each delivery. */
export {
  endpointAddressReason,
  endpointUrlReason,
  resolveEndpoint,
  UnsafeEndpointError,
} from './endpoint-policy';

/** Fetch for client-given URLs, with the address checked as the connection is made. */
export { checkedLookup, guardedFetch } from './guarded-fetch';

export type { UrlPolicy } from './host-policy';
export type { ConnectLookup, GuardedFetch } from './guarded-fetch';
export type { EndpointPolicy, HostLookup } from './endpoint-policy';
