/**
 * What Switchboard accepts as a URL it hands on (attachment links): https, no credentials, and a
 * host that is not loopback, private, link-local or cloud metadata in any spelling.
 */
export { hostAllowed, unsafeHostReason, unsafeUrlReason } from './host-policy';
export { parseIpv4 } from './ip-address';
export { NETWORK_ERROR_CODES, isNetworkErrorCode } from './network-errors';

export type { UrlPolicy } from './host-policy';
