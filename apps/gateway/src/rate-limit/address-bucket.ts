import { isIPv6 } from 'node:net';

/** A dotted IPv4 address (already validated) as two hex IPv6 groups. */
function ipv4Groups(dotted: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d].map((n) => n.toString(16)).join(':');
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded; undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return undefined;
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) is two groups.
  const lastColon = bare.lastIndexOf(':');
  const last = bare.slice(lastColon + 1);
  const withoutV4 = last.includes('.')
    ? `${bare.slice(0, lastColon + 1)}${ipv4Groups(last)}`
    : bare;
  const [head, tail] = withoutV4.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

/**
 * The bucket a client address is counted in: an IPv4 address alone; an IPv6 address by its
 * /64 network, since one subscriber is routinely given a whole /64 and could otherwise present
 * a new address per request. An IPv4-mapped IPv6 address counts as its IPv4 address.
 *
 * @example addressBucket('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 */
export function addressBucket(address: string): string {
  const groups = ipv6Groups(address);
  if (!groups) return address;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
