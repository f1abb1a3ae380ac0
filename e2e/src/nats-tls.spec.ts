import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { natsClientSettings } from '@switchboard/config';
import { connectNats } from '@switchboard/messaging';
import { freePort, startPrivateNats, type PrivateNats } from '@switchboard/testing';
import { makeCertificates } from './support/test-certificates';

/**
 * TLS towards NATS is a setting away: with NATS_TLS_CA a service verifies the server's
 * certificate and talks to it over TLS; a client that does not trust the CA does not connect.
 */
let dir: string;
let server: PrivateNats;

let files: ReturnType<typeof makeCertificates>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-nats-tls-'));
  files = makeCertificates(dir);
  server = await startPrivateNats(await freePort(), {
    tls: { certFile: files.cert, keyFile: files.key },
  });
});

afterAll(async () => {
  await server?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('NATS over TLS', () => {
  it('connects with the CA from NATS_TLS_CA and the service credentials', async () => {
    const settings = natsClientSettings({
      ENVIRONMENT: 'production',
      NATS_URL: server.url,
      NATS_USER: 'gateway',
      NATS_PASSWORD: server.credentials.gateway!.password,
      NATS_TLS: false,
      NATS_TLS_CA: files.ca,
      NATS_TLS_CERT: undefined,
      NATS_TLS_KEY: undefined,
    });
    const nats = await connectNats({ ...settings, name: 'gateway' });
    try {
      await nats.ping();
      expect(nats.nc.info?.tls_required).toBe(true);
    } finally {
      await nats.close();
    }
  });

  it('refuses to connect to a server whose certificate it cannot verify', async () => {
    await expect(
      connectNats({
        url: server.url,
        name: 'gateway',
        ...server.credentials.gateway,
        tls: {},
        timeoutMs: 3_000,
      }),
    ).rejects.toThrow(/certificate/i);
  });
});
