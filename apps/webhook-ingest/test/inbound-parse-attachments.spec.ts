import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '@switchboard/config';
import { createDb, type Db } from '@switchboard/db';
import { createHttpService } from '@switchboard/http';
import { openMedia, type MediaStorage } from '@switchboard/media';
import { TestFiles } from '@switchboard/media/testing';
import { Counter, createLogger, createMetrics } from '@switchboard/observability';
import { freePort, testEnv } from '@switchboard/testing';
import { webhookIngestConfigSchema } from '@switchboard/app-config/webhook-ingest';
import type { IngestDeps } from '../src/ingest';
import type { NormalizedWebhook } from '../src/normalize/normalized-webhook';
import { sendGridRouter } from '../src/routes/sendgrid.routes';
import { createWebhookLogRepository } from '../src/webhook-log.repository';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Inbound Parse attachments go into storage and clamd while the post is read. */
describe('Inbound Parse attachments', () => {
  let database: Db;
  let published: NormalizedWebhook[];
  const servers: Server[] = [];

  const config = (env: Record<string, string> = {}) =>
    loadConfig(webhookIngestConfigSchema, {
      ENVIRONMENT: 'test',
      PUBLIC_BASE_URL: 'http://public.example',
      ...env,
    });

  async function serve(storage: MediaStorage, scanner: ReturnType<typeof openMedia>['scanner']) {
    const log = createLogger({ service: 'test', level: 'silent' });
    const metrics = createMetrics('webhook-ingest-test');
    const deps: IngestDeps = {
      logs: createWebhookLogRepository(database.db),
      publish: async (events) => {
        published.push(events);
        return { published: events.inbound.length, duplicates: 0 };
      },
      received: new Counter({
        name: 'w_total',
        help: 'w',
        labelNames: ['provider', 'outcome'],
        registers: [metrics.registry],
      }),
      log,
      refusals: { record: async () => undefined },
    };
    const http = createHttpService({
      log,
      metrics,
      checks: {},
      routes: (app) =>
        app.use(
          '/api/v1/webhooks/sendgrid',
          sendGridRouter(config(), deps, undefined, { storage, scanner, maxBytes: 1024 * 1024 }),
        ),
    });
    const server = http.app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((r) => server.once('listening', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/webhooks/sendgrid/inbound?token=sandbox-webhook-secret`;
  }

  const email = (files: { name: string; type: string; bytes: Buffer }[]) => {
    const form = new FormData();
    form.set('from', 'Jane <jane@example.com>');
    form.set('to', 'team@example.com');
    form.set('subject', 'Files');
    form.set('text', 'Attached');
    form.set('headers', `Message-ID: <${randomUUID()}@mail.example>`);
    files.forEach((f, i) =>
      form.set(`attachment${i + 1}`, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name),
    );
    return form;
  };

  beforeAll(() => {
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
  });
  beforeEach(() => {
    published = [];
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    await database.close();
  });

  it('stores and scans each file in order, and notes the ones email refuses', async () => {
    const { storage, scanner } = openMedia(config());
    const url = await serve(storage, scanner);
    const png = Buffer.concat([TestFiles.png, Buffer.from(randomUUID())]);
    const res = await fetch(url, {
      method: 'POST',
      body: email([
        { name: 'photo.png', type: 'image/png', bytes: png },
        { name: 'also-a-photo.png', type: 'image/png', bytes: TestFiles.elf },
        { name: 'eicar.txt', type: 'text/plain', bytes: TestFiles.eicar },
      ]),
    });
    expect(res.status).toBe(200);
    const [event] = published.flatMap((p) => p.inbound);
    expect(event!.stored_files).toEqual([
      expect.objectContaining({
        name: 'photo.png',
        sha256: sha256(png),
        size: png.length,
        content_type: 'image/png',
        scan_status: 'clean',
      }),
      expect.objectContaining({
        name: 'eicar.txt',
        scan_status: 'infected',
        scan_signature: expect.stringMatching(/^Eicar-Test-Signature/),
      }),
    ]);
    expect(event!.refused_files).toEqual([
      { name: 'also-a-photo.png', reason: 'Files of type application/x-elf are not accepted' },
    ]);
    const stored = await storage.get(event!.stored_files![0]!.storage_key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
    storage.close();
  });

  it('answers 503 and publishes nothing when storage does not answer, so SendGrid retries', async () => {
    const { storage, scanner } = openMedia(
      config({ S3_ENDPOINT: `http://127.0.0.1:${await freePort()}` }),
    );
    const url = await serve(storage, scanner);
    const res = await fetch(url, {
      method: 'POST',
      body: email([{ name: 'photo.png', type: 'image/png', bytes: TestFiles.png }]),
    });
    expect(res.status).toBe(503);
    expect(published).toEqual([]);
    storage.close();
  });
});
