import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeCertificates } from './test-certificates';

/** A customer's file host as the suites need one: https on loopback. */
export interface FileServer {
  /** The throwaway CA its certificate is signed by: the apps trust it through NODE_EXTRA_CA_CERTS. */
  ca: string;
  /** `https://127.0.0.1:<port>` */
  origin: string;
  /** Serves the bytes at a new path ending in `name`; answers its URL. */
  put(name: string, type: string, bytes: Buffer): string;
  stop(): Promise<void>;
}

/**
 * A tiny https server standing in for a customer's file host (URL attachments are https only):
 * `put` files serve with 200, `/to-metadata` redirects to the cloud metadata address, anything
 * else is 404. Start the stack with `NODE_EXTRA_CA_CERTS: server.ca` and
 * `ATTACHMENT_HOST_ALLOWLIST: '127.0.0.1'` so the dispatchers fetch from it.
 */
export async function startFileServer(): Promise<FileServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-file-server-'));
  const certs = makeCertificates(dir);
  const files = new Map<string, { type: string; bytes: Buffer }>();
  const server = https.createServer(
    { cert: readFileSync(certs.cert), key: readFileSync(certs.key) },
    (req, res) => {
      const file = files.get(req.url ?? '');
      if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data/' }).end();
      } else if (file) {
        res.writeHead(200, { 'content-type': file.type }).end(file.bytes);
      } else {
        res.writeHead(404).end();
      }
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ca: certs.ca,
    origin,
    put(name, type, bytes) {
      const at = `/files/${Date.now()}-${Math.random().toString(36).slice(2)}/${name}`;
      files.set(at, { type, bytes });
      return `${origin}${at}`;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
