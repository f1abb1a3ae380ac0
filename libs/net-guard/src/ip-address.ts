import { isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/** An IP address parsed by ipaddr.js: IPv4 as four octets, IPv6 as eight 16-bit groups. */
type ParsedIp = ipaddr.IPv4 | ipaddr.IPv6;

/** Without the brackets of a URL host or the trailing dot of a fully qualified name. */
const bare = (text: string) => text.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

/**
 * An IPv4 address in any form `inet_aton` and browsers accept: `127.0.0.1`, `2130706433`,
 * `0x7f000001`, `0177.0.0.1`, `127.1`. These all reach the same host, so a check that only
 * knew the dotted-quad form could be walked around.
 *
 * @example parseIpv4('0177.1') // 0x7f000001
 */
export function parseIpv4(text: string): number | undefined {
  const address = bare(text);
  if (!ipaddr.IPv4.isValid(address)) return undefined;
  return ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((acc, octet) => acc * 256 + octet, 0);
}

/**
 * An IPv6 address (brackets and a zone id allowed). The grammar is node's; a trailing dotted
 * quad (`::ffff:127.0.0.1`) is rewritten as two groups first, because ipaddr.js would read the
 * deprecated IPv4-compatible `::127.0.0.1` as IPv4-mapped and judge it by the IPv4 address.
 */
function parseIpv6(text: string): ipaddr.IPv6 | undefined {
  const address = bare(text);
  const zone = address.indexOf('%');
  const withoutZone = zone < 0 ? address : address.slice(0, zone);
  if (!isIPv6(withoutZone)) return undefined;
  const tail = withoutZone.lastIndexOf(':') + 1;
  const quad = withoutZone.slice(tail);
  if (!quad.includes('.')) return ipaddr.IPv6.parse(withoutZone);
  const [a = 0, b = 0, c = 0, d = 0] = quad.split('.').map(Number);
  const groups = `${withoutZone.slice(0, tail)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return ipaddr.IPv6.parse(groups);
}

/** Parses an IP literal of either family; `undefined` when the text is a name, not an address. */
export function parseIp(text: string): ParsedIp | undefined {
  const address = bare(text);
  return ipaddr.IPv4.isValid(address) ? ipaddr.IPv4.parse(address) : parseIpv6(address);
}

interface Range<T extends ParsedIp> {
  cidr: [T, number];
  why: string;
}

const v4 = (cidr: string, why: string): Range<ipaddr.IPv4> => ({
  cidr: ipaddr.IPv4.parseCIDR(cidr),
  why,
});
const v6 = (cidr: string, why: string): Range<ipaddr.IPv6> => ({
  cidr: ipaddr.IPv6.parseCIDR(cidr),
  why,
});

/** IPv4 ranges that are not the public internet (IANA special-purpose registry). */
const IPV4_NOT_PUBLIC: readonly Range<ipaddr.IPv4>[] = [
  v4('0.0.0.0/8', 'this-network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'shared (carrier-grade NAT)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local (cloud metadata)'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

/** IPv6 ranges that are not the public internet. Ranges embedding IPv4 are handled apart. */
const IPV6_NOT_PUBLIC: readonly Range<ipaddr.IPv6>[] = [
  v6('::/96', 'unspecified, loopback or IPv4-compatible'),
  v6('64:ff9b:1::/48', 'local NAT64'),
  v6('100::/64', 'discard'),
  v6('2001::/32', 'Teredo'),
  v6('2001:10::/28', 'ORCHID'),
  v6('2001:20::/28', 'ORCHIDv2'),
  v6('2001:db8::/32', 'documentation'),
  v6('3fff::/20', 'documentation'),
  v6('fc00::/7', 'unique local (private)'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];

/** IPv6 prefixes that carry an IPv4 address the packet really goes to, and at which group. */
const IPV6_EMBEDDING_IPV4: readonly { range: Range<ipaddr.IPv6>; group: number }[] = [
  { range: v6('::ffff:0:0/96', 'IPv4-mapped'), group: 6 },
  { range: v6('64:ff9b::/96', 'NAT64'), group: 6 },
  { range: v6('2002::/16', '6to4'), group: 1 },
];

/** The IPv4 address in two consecutive 16-bit groups of an IPv6 address. */
function embeddedIpv4(ip: ipaddr.IPv6, group: number): ipaddr.IPv4 {
  const high = ip.parts[group] ?? 0;
  const low = ip.parts[group + 1] ?? 0;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Why an address is not on the public internet (`'loopback'`, `'private'`, …), or `undefined`
 * when it is public. IPv4-mapped, NAT64 and 6to4 IPv6 addresses are judged by the IPv4 address
 * they carry.
 */
export function nonPublicReason(ip: ParsedIp): string | undefined {
  if (ip instanceof ipaddr.IPv4) return IPV4_NOT_PUBLIC.find((r) => ip.match(r.cidr))?.why;
  for (const { range, group } of IPV6_EMBEDDING_IPV4) {
    if (ip.match(range.cidr)) {
      const embedded = embeddedIpv4(ip, group);
      const why = nonPublicReason(embedded);
      return why ? `${range.why} ${embedded.toString()}: ${why}` : undefined;
    }
  }
  return IPV6_NOT_PUBLIC.find((r) => ip.match(r.cidr))?.why;
}
