import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkedLookup, guardedFetch, type ConnectLookup } from './guarded-fetch';
import { UnsafeEndpointError } from './endpoint-policy';

/** A resolver that answers from a table, the way a DNS server under an attacker's control can. */
const fakeDns =
  (table: Record<string, string>): ConnectLookup =>
  (hostname, options, callback) => {
    const address = table[hostname];
    if (!address) {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: 'ENOTFOUND',
      });
      return callback(err, []);
    }
    const family = address.includes(':') ? 6 : 4;
    if (options.all) return callback(null, [{ address, family }]);
    callback(null, address, family);
  };

describe('guardedFetch (addresses checked when the connection is made)', () => {
  let server: http.Server;
  let port: number;
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      requests += 1;
      res.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a name that resolves to loopback in production mode, without sending anything', async () => {
    const before = requests;
    const fetch = guardedFetch(
      { requireHttps: false, allowPrivate: false },
      { lookup: fakeDns({ 'hooks.example.test': '127.0.0.1' }) },
    );
    const failure = await fetch(`http://hooks.example.test:${port}/`).catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error & { cause?: unknown }).cause).toBeInstanceOf(UnsafeEndpointError);
    expect(((failure as Error & { cause: Error }).cause as Error).message).toContain(
      'hooks.example.test resolves to a loopback',
    );
    expect(requests).toBe(before);
  });

  it('connects to the address it checked when the policy allows it', async () => {
    const fetch = guardedFetch(
      { requireHttps: false, allowPrivate: true },
      { lookup: fakeDns({ 'dev.example.test': '127.0.0.1' }) },
    );
    const res = await fetch(`http://dev.example.test:${port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('reached');
  });

  it('refuses cloud metadata addresses even where private ones are allowed', async () => {
    const lookup = checkedLookup(
      { requireHttps: false, allowPrivate: true },
      fakeDns({ 'rebind.example.test': '169.254.169.254' }),
    );
    const answer = await new Promise<unknown>((resolve) =>
      lookup('rebind.example.test', { all: true }, (err, address) => resolve(err ?? address)),
    );
    expect(answer).toBeInstanceOf(UnsafeEndpointError);
    expect((answer as Error).message).toContain('link-local (cloud metadata) address');
  });

  it('passes resolver failures through unchanged', async () => {
    const lookup = checkedLookup({ requireHttps: false, allowPrivate: false }, fakeDns({}));
    const answer = await new Promise<unknown>((resolve) =>
      lookup('missing.example.test', {}, (err) => resolve(err)),
    );
    expect((answer as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});
