import { lookup as systemLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent, fetch as undiciFetch, type RequestInit, type Response } from 'undici';
import { endpointAddressReason, UnsafeEndpointError, type EndpointPolicy } from './endpoint-policy';

/** `dns.lookup`'s callback form, as `net.connect` calls it. */
export type ConnectLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (
    err: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number,
  ) => void,
) => void;

/**
 * A `lookup` for `net.connect` that refuses a name resolving to an address the policy forbids.
 * It runs when the socket is opened, on the very answer the socket then connects to.
 */
export function checkedLookup(
  policy: EndpointPolicy,
  lookup: ConnectLookup = systemLookup as unknown as ConnectLookup,
): ConnectLookup {
  return (hostname, options, callback) => {
    lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      for (const candidate of addresses) {
        const refused = endpointAddressReason(candidate, policy);
        if (refused) {
          return callback(new UnsafeEndpointError(`${hostname} resolves to a ${refused}`), []);
        }
      }
      callback(null, address, family);
    });
  };
}

/** A fetch whose connections only reach addresses the policy allows. */
export type GuardedFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * `fetch` for URLs that clients give us (webhook endpoints, attachment links). Checking a name's
 * addresses before a request leaves a window: the name can resolve to a public address for the
 * check and to a private one for the connection (DNS rebinding). Here the check is part of the
 * connection: every socket is opened through `checkedLookup`, so the address connected to is the
 * address checked. Hosts written as IP addresses are not looked up; check those with
 * `resolveEndpoint` (which also gives the clearer error before any request).
 *
 * @example const res = await guardedFetch({ requireHttps: true, allowPrivate: false })(url, { method: 'POST', body })
 */
export function guardedFetch(
  policy: EndpointPolicy,
  options: { lookup?: ConnectLookup } = {},
): GuardedFetch {
  const dispatcher = new Agent({ connect: { lookup: checkedLookup(policy, options.lookup) } });
  return (url, init = {}) => undiciFetch(url, { ...init, dispatcher });
}
