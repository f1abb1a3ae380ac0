import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { consoleRouter } from './console-static';

describe('the console served by the gateway', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const get = (p: string) => fetch(`${base}${p}`, { redirect: 'manual' });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-static-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    const app = express();
    app.use(consoleRouter(dir));
    app.use((_req, res) => void res.status(404).send('the API 404'));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the page, revalidated, with a CSP that allows no inline script or style', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>console</title>');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('answers the page for the console’s own addresses, and redirects /console to /console/', async () => {
    expect((await get('/console/conversations/0192f0c4')).status).toBe(200);
    const bare = await get('/console?x=1');
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/?x=1']);
  });

  it('caches hashed assets for a year, and answers a missing one 404 rather than the page', async () => {
    const asset = await get('/console/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const gone = await get('/console/assets/index-old999.js');
    expect(gone.status).toBe(404);
    expect(await gone.text()).not.toContain('<title>');
  });

  it('leaves every other path to the API', async () => {
    expect(await (await get('/consoles')).text()).toBe('the API 404');
    expect(await (await get('/api/v1/messages')).text()).toBe('the API 404');
  });

  it('passes the console’s paths on while there is no build', async () => {
    const app = express();
    app.use(consoleRouter(path.join(dir, 'missing')));
    app.use((_req, res) => void res.status(404).send('the API 404'));
    const other = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => other.once('listening', resolve));
    const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/console/`);
    other.close();
    expect([res.status, await res.text()]).toEqual([404, 'the API 404']);
  });
});
