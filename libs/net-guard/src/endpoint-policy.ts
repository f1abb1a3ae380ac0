import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { unsafeHostReason } from './host-policy';
import { nonPublicReason, parseIp } from './ip-address';

/** Where a client's webhook endpoint may point. */
export interface EndpointPolicy {
  /** https only (production). */
  requireHttps: boolean;
  /**
   * Loopback, private and local names accepted (development and tests, so an endpoint can be a
   * server on the developer's machine). Link-local and metadata addresses stay refused.
   */
  allowPrivate: boolean;
}

/** A URL or address an endpoint may not use, with the reason. */
export class UnsafeEndpointError extends Error {
  readonly code = 'unsafe_endpoint';
  constructor(readonly reason: string) {
    super(`The endpoint URL is not allowed: ${reason}`);
    this.name = 'UnsafeEndpointError';
  }
}

const METADATA_V6 = ipaddr.IPv6.parse('fd00:ec2::254');
const LINK_LOCAL_V4 = ipaddr.IPv4.parseCIDR('169.254.0.0/16');
const LINK_LOCAL_V6 = ipaddr.IPv6.parseCIDR('fe80::/10');

/**
 * Why an address is refused whatever the settings: link-local (169.254.0.0/16, where cloud
 * metadata services answer, and fe80::/10) and AWS's IPv6 metadata address, also when an
 * IPv6 address carries such an IPv4 address.
 */
function alwaysRefused(ip: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress())
    return alwaysRefused(ip.toIPv4Address());
  if (ip instanceof ipaddr.IPv4) {
    return ip.match(LINK_LOCAL_V4) ? 'link-local (cloud metadata) address' : undefined;
  }
  if (ip.toNormalizedString() === METADATA_V6.toNormalizedString()) return 'cloud metadata address';
  if (ip.match(LINK_LOCAL_V6)) return 'link-local address';
  // NAT64/6to4 forms of a link-local IPv4 address.
  const why = nonPublicReason(ip);
  return why?.includes('link-local') ? `${why}` : undefined;
}

/** Why an endpoint may not connect to this IP address, or `undefined` when it may. */
export function endpointAddressReason(address: string, policy: EndpointPolicy): string | undefined {
  const ip = parseIp(address);
  if (!ip) return 'not an IP address';
  const never = alwaysRefused(ip);
  if (never) return never;
  if (policy.allowPrivate) return undefined;
  const why = nonPublicReason(ip);
  return why ? `${why} address` : undefined;
}

/**
 * Why a webhook endpoint URL is refused as written (scheme, credentials, an address or local
 * name in the host), or `undefined`. Names are not resolved here: `resolveEndpoint` checks the
 * addresses a name leads to, at registration and again before each delivery.
 *
 * @example endpointUrlReason('https://169.254.169.254/', { requireHttps: false, allowPrivate: true }) // 'link-local (cloud metadata) address'
 */
export function endpointUrlReason(raw: string, policy: EndpointPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  const protocols = policy.requireHttps ? ['https:'] : ['https:', 'http:'];
  if (!protocols.includes(url.protocol)) {
    return policy.requireHttps ? 'must use https' : 'must use http or https';
  }
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (parseIp(host)) return endpointAddressReason(host, policy);
  return policy.allowPrivate ? undefined : unsafeHostReason(host);
}

/** Resolves a host name to every address it has (A and AAAA). */
export type HostLookup = (host: string) => Promise<string[]>;
const systemLookup: HostLookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks an endpoint URL and every address its host resolves to (DNS can change, so this runs
 * before each delivery too). Throws `UnsafeEndpointError`; answers the addresses found.
 */
export async function resolveEndpoint(
  raw: string,
  policy: EndpointPolicy,
  lookup: HostLookup = systemLookup,
): Promise<string[]> {
  const why = endpointUrlReason(raw, policy);
  if (why) throw new UnsafeEndpointError(why);
  const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, '$1');
  if (parseIp(host)) return [host];
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch {
    throw new UnsafeEndpointError(`${host} does not resolve`);
  }
  if (addresses.length === 0) throw new UnsafeEndpointError(`${host} does not resolve`);
  for (const address of addresses) {
    const refused = endpointAddressReason(address, policy);
    if (refused) throw new UnsafeEndpointError(`${host} resolves to a ${refused}`);
  }
  return addresses;
}
