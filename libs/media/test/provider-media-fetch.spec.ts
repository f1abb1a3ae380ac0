// Inbound media are fetched from the provider with the account's credentials, which go to the
// provider's own origin and nowhere else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchProviderMedia, ProviderMediaError } from '../src';

const policy = { requireHttps: false, allowPrivate: true };
const AUTH = `Basic ${Buffer.from('ACtest:token').toString('base64')}`;
let provider: http.Server;
let cdn: http.Server;
let providerBase: string;
let cdnBase: string;
const cdnAuthorization: (string | undefined)[] = [];

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  cdn = http.createServer((req, res) => {
    cdnAuthorization.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'image/png' }).end('from the cdn');
  });
  cdnBase = await listen(cdn);
  provider = http.createServer((req, res) => {
    if (req.headers.authorization !== AUTH) return void res.writeHead(401).end();
    if (req.url === '/Media/ME1') {
      res.writeHead(200, { 'content-type': 'image/png' }).end('png bytes');
    } else if (req.url === '/Media/redirected') {
      res.writeHead(307, { location: `${cdnBase}/signed?x=1` }).end();
    } else if (req.url === '/Media/busy') {
      res.writeHead(503).end();
    } else {
      res.writeHead(404).end();
    }
  });
  providerBase = await listen(provider);
});
afterAll(async () => {
  await new Promise<void>((r) => provider.close(() => r()));
  await new Promise<void>((r) => cdn.close(() => r()));
});

const text = async (body: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

describe('fetchProviderMedia', () => {
  const source = () => ({ origin: providerBase, username: 'ACtest', password: 'token' });

  it('fetches with basic auth from the provider origin', async () => {
    const file = await fetchProviderMedia(`${providerBase}/Media/ME1`, source(), policy);
    expect(file.declaredType).toBe('image/png');
    expect(await text(file.body)).toBe('png bytes');
  });

  it('follows the redirect to another origin without the credentials', async () => {
    const file = await fetchProviderMedia(`${providerBase}/Media/redirected`, source(), policy);
    expect(await text(file.body)).toBe('from the cdn');
    expect(cdnAuthorization).toEqual([undefined]);
  });

  it('never sends the credentials to a URL at another origin', async () => {
    await expect(fetchProviderMedia(`${cdnBase}/steal`, source(), policy)).rejects.toMatchObject({
      retryable: false,
    });
    expect(cdnAuthorization).toHaveLength(1);
  });

  it('tells a file that is gone from a provider that may answer later', async () => {
    await expect(
      fetchProviderMedia(`${providerBase}/Media/missing`, source(), policy),
    ).rejects.toMatchObject({ retryable: false, message: 'the provider answered 404' });
    await expect(
      fetchProviderMedia(`${providerBase}/Media/busy`, source(), policy),
    ).rejects.toMatchObject({ retryable: true });
    const refused = fetchProviderMedia(
      `${providerBase}/Media/ME1`,
      { ...source(), password: 'wrong' },
      policy,
    );
    await expect(refused).rejects.toBeInstanceOf(ProviderMediaError);
    await expect(refused).rejects.toMatchObject({ retryable: true });
  });
});
