import fc from 'fast-check';
import { hostAllowed, parseIpv4, unsafeHostReason, unsafeUrlReason } from './index';

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

  it('refuses IPv4-compatible IPv6 whatever it embeds, unlike IPv4-mapped', () => {
    expect(unsafeHostReason('::8.8.8.8')).toBe('unspecified, loopback or IPv4-compatible address');
    expect(unsafeHostReason('[::808:808]')).toBe(
      'unspecified, loopback or IPv4-compatible address',
    );
    expect(unsafeHostReason('::ffff:8.8.8.8')).toBeUndefined();
    expect(unsafeHostReason('::ffff:0177.0.0.1')).toBe('not a valid address');
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
