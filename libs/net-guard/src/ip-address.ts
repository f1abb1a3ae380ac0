import { isIPv6 } from 'node:net';

/** An IP address parsed to its numeric value: IPv4 as 32 bits, IPv6 as 128. */
export type ParsedIp = { version: 4; value: number } | { version: 6; value: bigint };

const IPV4_PART = /^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i;

function ipv4Part(text: string): number | undefined {
  if (!IPV4_PART.test(text)) return undefined;
  if (/^0x/i.test(text)) return text.length === 2 ? 0 : parseInt(text.slice(2), 16);
  if (text.length > 1 && text.startsWith('0')) return parseInt(text, 8);
  return Number(text);
}

/**
 * An IPv4 address in any form `inet_aton` and browsers accept: `127.0.0.1`, `2130706433`,
 * `0x7f000001`, `0177.0.0.1`, `127.1`. These all reach the same host, so a check that only
 * knew the dotted-quad form could be walked around.
 */
export function parseIpv4(text: string): number | undefined {
  const parts = text.replace(/\.$/, '').split('.');
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers = parts.map(ipv4Part);
  if (numbers.some((n) => n === undefined || !Number.isFinite(n))) return undefined;
  const values = numbers as number[];
  const last = values.pop()!;
  if (values.some((n) => n > 255)) return undefined;
  if (last >= 256 ** (4 - values.length)) return undefined;
  return values.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
}

/** An IPv6 address (brackets and a zone id allowed) as 128 bits. */
export function parseIpv6(text: string): bigint | undefined {
  const unbracketed = text.replace(/^\[(.*)\]$/, '$1');
  const zone = unbracketed.indexOf('%');
  const bare = zone < 0 ? unbracketed : unbracketed.slice(0, zone);
  if (!isIPv6(bare)) return undefined;
  let head = bare;
  let tail: number[] = [];
  // A trailing dotted quad (`::ffff:127.0.0.1`) is the last two groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]!);
    if (v4 === undefined) return undefined;
    head = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
    tail = [Math.floor(v4 / 0x10000), v4 % 0x10000];
  }
  const [left = '', right] = head.split('::');
  const groupsOf = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const leftGroups = groupsOf(left);
  const rightGroups = [...groupsOf(right ?? ''), ...tail];
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups =
    right === undefined
      ? [...leftGroups, ...tail]
      : [...leftGroups, ...Array<number>(missing).fill(0), ...rightGroups];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IP literal of either family; `undefined` when the text is a name, not an address. */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

interface Range<T> {
  base: T;
  bits: number;
  why: string;
}

const v4 = (cidr: string, why: string): Range<number> => {
  const [address, bits] = cidr.split('/');
  return { base: parseIpv4(address!)!, bits: Number(bits), why };
};
const v6 = (cidr: string, why: string): Range<bigint> => {
  const [address, bits] = cidr.split('/');
  return { base: parseIpv6(address!)!, bits: Number(bits), why };
};

/** IPv4 ranges that are not the public internet (IANA special-purpose registry). */
const IPV4_NOT_PUBLIC: readonly Range<number>[] = [
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
const IPV6_NOT_PUBLIC: readonly Range<bigint>[] = [
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

/** IPv6 prefixes that carry an IPv4 address the packet really goes to. */
const IPV6_EMBEDDING_IPV4: readonly { range: Range<bigint>; shift: bigint }[] = [
  { range: v6('::ffff:0:0/96', 'IPv4-mapped'), shift: 0n },
  { range: v6('64:ff9b::/96', 'NAT64'), shift: 0n },
  { range: v6('2002::/16', '6to4'), shift: 80n },
];

const inV4 = (value: number, r: Range<number>) =>
  Math.floor(value / 2 ** (32 - r.bits)) === Math.floor(r.base / 2 ** (32 - r.bits));
const inV6 = (value: bigint, r: Range<bigint>) =>
  value >> BigInt(128 - r.bits) === r.base >> BigInt(128 - r.bits);

function ipv4Text(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Why an address is not on the public internet (`'loopback'`, `'private'`, …), or `undefined`
 * when it is public. IPv4-mapped, NAT64 and 6to4 IPv6 addresses are judged by the IPv4 address
 * they carry.
 */
export function nonPublicReason(ip: ParsedIp): string | undefined {
  if (ip.version === 4) return IPV4_NOT_PUBLIC.find((r) => inV4(ip.value, r))?.why;
  for (const { range, shift } of IPV6_EMBEDDING_IPV4) {
    if (inV6(ip.value, range)) {
      const embedded = Number((ip.value >> shift) & 0xffffffffn);
      const why = nonPublicReason({ version: 4, value: embedded });
      return why ? `${range.why} ${ipv4Text(embedded)}: ${why}` : undefined;
    }
  }
  return IPV6_NOT_PUBLIC.find((r) => inV6(ip.value, r))?.why;
}
