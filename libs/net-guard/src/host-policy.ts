import { nonPublicReason, parseIp } from './ip-address';

/** Names that only mean something inside a network (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const LOCAL_NAMES = ['localhost', 'localdomain', 'internal', 'local', 'home.arpa'] as const;

/** Lower-cased, without brackets or the trailing dot of a fully qualified name. */
function canonicalHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/**
 * Whether `host` matches an allow-list entry: an exact host name or address, or `*.example.com`
 * for any name under example.com.
 *
 * @example hostAllowed('media.example.com', ['*.example.com']) // true
 */
export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  const name = canonicalHost(host);
  return allowlist.some((entry) => {
    const wanted = canonicalHost(entry);
    if (!wanted) return false;
    return wanted.startsWith('*.') ? name.endsWith(wanted.slice(1)) : name === wanted;
  });
}

/**
 * Why a host (a name or an IP literal, as written in a URL) must not be contacted, or
 * `undefined` when nothing in its spelling says so. Names are NOT resolved: a public-looking
 * name can still resolve to a private address, so a service that fetches the URL itself must
 * also check the address it connects to.
 */
export function unsafeHostReason(host: string): string | undefined {
  const name = canonicalHost(host);
  if (!name) return 'no host';
  const ip = parseIp(name);
  if (ip) {
    const why = nonPublicReason(ip);
    return why ? `${why} address` : undefined;
  }
  if (name.includes(':')) return 'not a valid address';
  if (!name.includes('.')) return 'a single-label (local) name';
  const local = LOCAL_NAMES.find((suffix) => name === suffix || name.endsWith(`.${suffix}`));
  return local ? `a local name (.${local})` : undefined;
}

export interface UrlPolicy {
  /** Hosts accepted whatever they look like (e.g. provider-sandbox in development). */
  allowHosts?: readonly string[];
  /** Schemes accepted; https only unless told otherwise. */
  protocols?: readonly string[];
}

/**
 * Why a URL must not be accepted for the service to fetch later, or `undefined` when it may be.
 * The scheme must be https (by default), and the host must not be a loopback, private,
 * link-local or metadata address (in any IPv4 spelling, or IPv4-mapped IPv6) or a local name.
 *
 * @example unsafeUrlReason('https://169.254.169.254/latest') // 'link-local (cloud metadata) address'
 */
export function unsafeUrlReason(raw: string, policy: UrlPolicy = {}): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  const protocols = policy.protocols ?? ['https'];
  if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
    return `must use ${protocols.join(' or ')}`;
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (policy.allowHosts && hostAllowed(url.hostname, policy.allowHosts)) return undefined;
  return unsafeHostReason(url.hostname);
}
