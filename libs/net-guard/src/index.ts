export { parseIp, parseIpv4, parseIpv6, nonPublicReason } from './ip-address';
export type { ParsedIp } from './ip-address';
export {
  UnsafeAddressError,
  assertPublicAddress,
  hostAllowed,
  unsafeHostReason,
  unsafeUrlReason,
} from './host-policy';
export type { UrlPolicy } from './host-policy';
export { createSafeLookup, safeLookup } from './safe-lookup';
export type { SafeLookup, SafeLookupOptions } from './safe-lookup';
export { NETWORK_ERROR_CODES, isNetworkErrorCode } from './network-errors';
