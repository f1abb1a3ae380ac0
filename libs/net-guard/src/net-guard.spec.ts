import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import fc from 'fast-check';
import {
  UnsafeAddressError,
  assertPublicAddress,
  createSafeLookup,
  hostAllowed,
  parseIpv4,
  safeLookup,
  unsafeHostReason,
  unsafeUrlReason,
} from './index';

describe('parseIpv4', () => {
  it.each([
    ['127.0.0.1', 0x7f000001],
    ['2130706433', 0x7f000001],
    ['0x7f000001', 0x7f000001],
    ['0x7F.0.0.1', 0x7f000001],
    ['0177.0.0.1', 0x7f000001],
    ['0177.0000.0000.0001', 0x7f000001],
    ['127.1', 0x7f000001],
    ['127.0.1', 0x7f000001],
    ['169.254.43518', 0xa9fea9fe],
    ['0', 0],
  ])('reads %s like inet_aton does', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
  });

  it.each(['example.com', '256.0.0.1', '1.2.3.4.5', '4294967296', '08.0.0.1', '1..2', ''])(
    'does not take %p for an address',
    (text) => {
      expect(parseIpv4(text)).toBeUndefined();
    },
  );
});

describe('unsafeUrlReason', () => {
  const refused = [
    // loopback in every IPv4 spelling
    'https://127.0.0.1/a.jpg',
    'https://127.8.9.10/a.jpg',
    'https://2130706433/a.jpg',
    'https://0x7f000001/a.jpg',
    'https://0177.0.0.1/a.jpg',
    'https://127.1/a.jpg',
    'https://0/a.jpg',
    'https://0.0.0.0/a.jpg',
    // private, shared, link-local and metadata
    'https://10.1.2.3/a.jpg',
    'https://172.16.0.1/a.jpg',
    'https://172.31.255.255/a.jpg',
    'https://192.168.1.1/a.jpg',
    'https://100.64.0.1/a.jpg',
    'https://100.100.100.200/latest/meta-data',
    'https://169.254.169.254/latest/meta-data/',
    'https://0xa9fea9fe/latest/meta-data/',
    'https://169.254.43518/latest/meta-data/',
    'https://224.0.0.1/a.jpg',
    'https://255.255.255.255/a.jpg',
    // IPv6: loopback, unspecified, ULA (AWS metadata fd00:ec2::254), link-local, multicast
    'https://[::1]/a.jpg',
    'https://[::]/a.jpg',
    'https://[0:0:0:0:0:0:0:1]/a.jpg',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[fc00::1]/a.jpg',
    'https://[fe80::1]/a.jpg',
    'https://[ff02::1]/a.jpg',
    // IPv4 inside IPv6
    'https://[::ffff:127.0.0.1]/a.jpg',
    'https://[::ffff:7f00:1]/a.jpg',
    'https://[::ffff:169.254.169.254]/a.jpg',
    'https://[::ffff:a9fe:a9fe]/a.jpg',
    'https://[64:ff9b::a9fe:a9fe]/a.jpg',
    'https://[2002:7f00:1::]/a.jpg',
    'https://[::127.0.0.1]/a.jpg',
    // local names
    'https://localhost/a.jpg',
    'https://LOCALHOST./a.jpg',
    'https://media.localhost/a.jpg',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://printer.local/a.jpg',
    'https://router.home.arpa/a.jpg',
    'https://intranet/a.jpg',
    // not https, or carrying credentials
    'http://example.com/a.jpg',
    'ftp://example.com/a.jpg',
    'file:///etc/passwd',
    'gopher://example.com/',
    'https://user:pass@example.com/a.jpg',
    'not a url',
  ];

  it.each(refused)('refuses %s', (url) => {
    expect(unsafeUrlReason(url)).toEqual(expect.any(String));
  });

  it.each([
    'https://example.com/a.jpg',
    'https://cdn.example.co.uk/p/a.png?x=1',
    'https://8.8.8.8/a.jpg',
    'https://93.184.216.34/a.jpg',
    'https://[2606:4700:4700::1111]/a.jpg',
    'https://[::ffff:8.8.8.8]/a.jpg',
    'https://172.32.0.1/a.jpg',
    'https://localhost.example.com/a.jpg',
  ])('accepts the public %s without resolving it', (url) => {
    expect(unsafeUrlReason(url)).toBeUndefined();
  });

  it('says why, naming the kind of address', () => {
    expect(unsafeUrlReason('https://169.254.169.254/')).toBe('link-local (cloud metadata) address');
    expect(unsafeUrlReason('https://[::ffff:10.0.0.1]/')).toBe(
      'IPv4-mapped 10.0.0.1: private address',
    );
    expect(unsafeUrlReason('http://example.com/')).toBe('must use https');
  });

  it('lets an allow-list admit hosts it would refuse, but never another scheme', () => {
    const policy = { allowHosts: ['127.0.0.1', '*.sandbox.test', 'localhost'] };
    expect(unsafeUrlReason('https://127.0.0.1:4010/media/a.jpg', policy)).toBeUndefined();
    expect(unsafeUrlReason('https://localhost/a.jpg', policy)).toBeUndefined();
    expect(unsafeUrlReason('https://media.sandbox.test/a.jpg', policy)).toBeUndefined();
    expect(unsafeUrlReason('https://10.0.0.1/a.jpg', policy)).toEqual(expect.any(String));
    expect(unsafeUrlReason('http://127.0.0.1/a.jpg', policy)).toBe('must use https');
  });
});

describe('hostAllowed and unsafeHostReason', () => {
  it('matches exact names and wildcard suffixes, case-insensitively', () => {
    expect(hostAllowed('Media.Example.com', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('evil-example.com', ['*.example.com'])).toBe(false);
    expect(hostAllowed('[::1]', ['::1'])).toBe(true);
    expect(hostAllowed('x.com', [''])).toBe(false);
  });

  it('judges a raw host name too', () => {
    expect(unsafeHostReason('0x7f.1')).toBe('loopback address');
    expect(unsafeHostReason('intranet')).toBe('a single-label (local) name');
    expect(unsafeHostReason('a.b.internal.')).toBe('a local name (.internal)');
    expect(unsafeHostReason('example.org')).toBeUndefined();
  });
});

describe('assertPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.7',
    '169.254.169.254',
    '::1',
    '::ffff:127.0.0.1',
    'fe80::1%eth0',
    'fd00:ec2::254',
    '0.0.0.0',
  ])('refuses the resolved address %s', (ip) => {
    expect(() => assertPublicAddress(ip)).toThrow(UnsafeAddressError);
  });

  it('refuses something that is not an address at all', () => {
    expect(() => assertPublicAddress('example.com')).toThrow(UnsafeAddressError);
  });

  it.each(['8.8.8.8', '2606:4700:4700::1111', '::ffff:1.1.1.1'])('accepts %s', (ip) => {
    expect(() => assertPublicAddress(ip)).not.toThrow();
  });
});

describe('safe lookups', () => {
  type Answer = {
    err: NodeJS.ErrnoException | null;
    address: string | LookupAddress[];
    family?: number;
  };
  const lookup = (fn: ReturnType<typeof createSafeLookup>, host: string, all = false) =>
    new Promise<Answer>((resolve) =>
      fn(host, { all }, (err, address, family) => resolve({ err, address, family })),
    );

  // A resolver standing in for DNS, so the test needs no network and names can lie.
  const fakeDns = (table: Record<string, string[]>) =>
    ((host: string, _options: unknown, callback: (e: unknown, a: LookupAddress[]) => void) => {
      const addresses = table[host];
      if (!addresses)
        return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    }) as unknown as typeof dns.lookup;

  const resolve = fakeDns({
    'public.test': ['93.184.216.34'],
    'rebound.test': ['93.184.216.34', '127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'v6.test': ['2606:4700:4700::1111'],
    'mapped.test': ['::ffff:10.0.0.1'],
  });

  it('hands back public addresses in both calling conventions', async () => {
    const fn = createSafeLookup({ resolve });
    expect(await lookup(fn, 'public.test')).toEqual({
      err: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect((await lookup(fn, 'v6.test', true)).address).toEqual([
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
  });

  it.each(['rebound.test', 'metadata.test', 'mapped.test'])(
    'refuses %s, which resolves to a non-public address',
    async (host) => {
      const { err } = await lookup(createSafeLookup({ resolve }), host);
      expect(err).toBeInstanceOf(UnsafeAddressError);
      expect(err?.code).toBe('EUNSAFEADDRESS');
    },
  );

  it('passes resolver errors through', async () => {
    const { err } = await lookup(createSafeLookup({ resolve }), 'missing.test');
    expect(err?.code).toBe('ENOTFOUND');
  });

  it('skips the check for allow-listed hosts', async () => {
    const fn = createSafeLookup({ resolve, allowHosts: ['metadata.test'] });
    expect((await lookup(fn, 'metadata.test')).address).toBe('169.254.169.254');
  });

  it('stops a real HTTP request to a local server before it connects', async () => {
    let reached = false;
    const server = http.createServer((_req, res) => {
      reached = true;
      res.end('secret');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const agent = new http.Agent({ lookup: safeLookup as never });
      const error = await new Promise<Error>((resolve) => {
        http
          .get({ host: 'localhost', port, agent }, () => resolve(new Error('connected')))
          .on('error', resolve);
      });
      expect(error).toBeInstanceOf(UnsafeAddressError);
      expect(reached).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe('every spelling of an address gets the same verdict (property)', () => {
  /** The ways a URL can write one IPv4 address. */
  const spellings = (n: number): string[] => {
    const bytes = [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256);
    const hex = n.toString(16).padStart(8, '0');
    return [
      bytes.join('.'),
      String(n),
      `0x${hex}`,
      bytes.map((b) => `0${b.toString(8)}`).join('.'),
      `${bytes[0]}.${n % 2 ** 24}`,
      `[::ffff:${bytes.join('.')}]`,
      `[::ffff:${hex.slice(0, 4)}:${hex.slice(4)}]`,
    ];
  };
  const inRange = (base: string, bits: number) =>
    fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => parseIpv4(base)! + offset);

  it('refuses private, loopback, link-local and shared addresses however written', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          inRange('10.0.0.0', 8),
          inRange('127.0.0.0', 8),
          inRange('169.254.0.0', 16),
          inRange('172.16.0.0', 12),
          inRange('192.168.0.0', 16),
          inRange('100.64.0.0', 10),
          inRange('0.0.0.0', 8),
        ),
        (n) => {
          for (const host of spellings(n)) {
            expect([host, unsafeUrlReason(`https://${host}/a.jpg`)]).toEqual([
              host,
              expect.any(String),
            ]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts public addresses however written', () => {
    fc.assert(
      fc.property(
        fc.oneof(inRange('8.0.0.0', 8), inRange('93.0.0.0', 8), inRange('1.0.0.0', 8)),
        (n) => {
          for (const host of spellings(n)) {
            expect([host, unsafeUrlReason(`https://${host}/a.jpg`)]).toEqual([host, undefined]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
