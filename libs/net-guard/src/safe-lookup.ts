import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { assertPublicAddress, hostAllowed, type UnsafeAddressError } from './host-policy';

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The `lookup` option of `http.Agent`, `net.connect` and undici's `connect`. */
export type SafeLookup = (
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
) => void;

export interface SafeLookupOptions {
  /** Hosts whose addresses are not checked (e.g. provider-sandbox in development). */
  allowHosts?: readonly string[];
  /** The resolver; `dns.lookup` unless a test passes its own. */
  resolve?: typeof dns.lookup;
}

/**
 * A DNS lookup for outgoing connections that refuses to hand back a non-public address: the
 * check happens on the address the connection will really use, so DNS rebinding and names
 * pointing at 127.0.0.1 or the metadata service are stopped at connect time.
 *
 * @example new https.Agent({ lookup: createSafeLookup() })
 */
export function createSafeLookup(options: SafeLookupOptions = {}): SafeLookup {
  const resolve = options.resolve ?? dns.lookup;
  return (hostname, lookupOptions, callback) => {
    const allowed = options.allowHosts ? hostAllowed(hostname, options.allowHosts) : false;
    resolve(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      try {
        if (!allowed) list.forEach((entry) => assertPublicAddress(entry.address));
      } catch (unsafe) {
        const error = unsafe as UnsafeAddressError & NodeJS.ErrnoException;
        error.code = 'EUNSAFEADDRESS';
        return callback(error, []);
      }
      if (lookupOptions.all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          [],
        );
      callback(null, first.address, first.family);
    });
  };
}

/** `createSafeLookup()` with the system resolver and no exceptions. */
export const safeLookup: SafeLookup = createSafeLookup();
