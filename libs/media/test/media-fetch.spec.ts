// URL attachments are fetched through the SSRF guard, redirects included.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchGuarded, MediaFetchRefusedError } from '../src';

const policy = { requireHttps: false, allowPrivate: true };
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (req.url === '/hop') {
      res.writeHead(301, { location: '/file.txt' }).end();
    } else if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (req.url === '/file.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function text(file: Awaited<ReturnType<typeof fetchGuarded>>) {
  const chunks: Buffer[] = [];
  for await (const c of file.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('fetchGuarded', () => {
  it('follows a redirect it may, and names the file by its final URL', async () => {
    const file = await fetchGuarded(`${base}/hop`, policy);
    expect(file).toMatchObject({ declaredType: 'text/plain', name: 'file.txt' });
    expect(await text(file)).toBe('hello');
  });

  it('refuses cloud metadata addresses, directly or through a redirect', async () => {
    await expect(fetchGuarded('http://169.254.169.254/latest/', policy)).rejects.toBeInstanceOf(
      MediaFetchRefusedError,
    );
    await expect(fetchGuarded(`${base}/to-metadata`, policy)).rejects.toMatchObject({
      reason: expect.stringMatching(/^after a redirect: link-local/),
    });
  });

  it('refuses loopback when private addresses are not allowed, endless redirects and non-200 answers', async () => {
    await expect(
      fetchGuarded(`${base}/file.txt`, { requireHttps: false, allowPrivate: false }),
    ).rejects.toBeInstanceOf(MediaFetchRefusedError);
    await expect(fetchGuarded(`${base}/loop`, policy)).rejects.toMatchObject({
      reason: 'more than 3 redirects',
    });
    await expect(fetchGuarded(`${base}/missing`, policy)).rejects.toMatchObject({
      reason: 'answered 404',
    });
  });

  it('fetches an allow-listed local host under the strict policy, and still refuses metadata behind it', async () => {
    const strict = { requireHttps: false, allowPrivate: false };
    const file = await fetchGuarded(`${base}/hop`, strict, { allowHosts: ['127.0.0.1'] });
    expect(await text(file)).toBe('hello');
    await expect(
      fetchGuarded(`${base}/to-metadata`, strict, { allowHosts: ['127.0.0.1', '169.254.169.254'] }),
    ).rejects.toMatchObject({ reason: expect.stringMatching(/^after a redirect: link-local/) });
    await expect(
      fetchGuarded(`${base}/file.txt`, strict, { allowHosts: ['localhost'] }),
    ).rejects.toMatchObject({ reason: expect.stringMatching(/loopback/) });
  });

  it('refuses a URL nothing answers at, naming why', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(fetchGuarded(`http://127.0.0.1:${port}/a.png`, policy)).rejects.toMatchObject({
      reason: 'could not be fetched (ECONNREFUSED)',
    });
  });
});
