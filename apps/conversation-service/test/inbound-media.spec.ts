import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { loadConfig } from '@switchboard/config';
import type { InboundMessageEvent } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { openMedia } from '@switchboard/media';
import { TestFiles } from '@switchboard/media/testing';
import { createLogger } from '@switchboard/observability';
import { conversationServiceConfigSchema } from '@switchboard/app-config/conversation-service';
import {
  InboundMediaHeldError,
  resolveInboundMedia,
  type InboundMediaDeps,
} from '../src/handlers/inbound-media.handler';
import { receiveInbound } from '../src/handlers/receive-inbound.handler';
import { openTestDb } from './fixtures';

/** An email's files stored by webhook-ingest become the tenant's media before its message is stored. */
describe('inbound media recorded for the tenant', () => {
  let database: Db;
  let tenantId: string;
  const { storage, scanner } = openMedia(
    loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'test' }),
  );
  const counted: string[] = [];
  const deps = (over: Partial<InboundMediaDeps> = {}): InboundMediaDeps => ({
    db: database.db,
    storage,
    scanner,
    twilio: { origin: 'http://127.0.0.1:1', username: 'AC', password: 'x' },
    redirectPolicy: { requireHttps: false, allowPrivate: true },
    maxBytes: 1024 * 1024,
    timeoutMs: 1_000,
    log: createLogger({ service: 'test', level: 'silent' }),
    onFile: (_provider, verdict) => counted.push(verdict),
    ...over,
  });
  /** A file stored as webhook-ingest stores it while clamd is away: its scan still `pending`. */
  async function storedPending(bytes: Buffer, name: string) {
    const key = `inbound/sendgrid/${randomUUID()}`;
    await storage.put(key, Readable.from([bytes]), 'application/octet-stream');
    return {
      storage_key: key,
      name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      content_type: 'text/plain',
      scan_status: 'pending' as const,
      scan_signature: null,
    };
  }

  const emailEvent = (files: InboundMessageEvent['stored_files']): InboundMessageEvent => ({
    event_id: `sendgrid-inbound:${randomUUID()}`,
    provider: 'sendgrid',
    provider_message_id: null,
    type: 'email',
    from: 'jane@example.com',
    to: `inbox-${randomUUID()}@example.com`,
    subject: 'Files',
    body: 'Attached',
    attachments: [],
    received_at: new Date().toISOString(),
    stored_files: files,
    refused_files: [
      { name: 'setup.exe', reason: 'Files of type application/x-msdownload are not accepted' },
    ],
  });

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(async () => {
    storage.close();
    await database.close();
  });

  it('scans files left pending, quarantines the infected one and flags the stored message', async () => {
    const text = Buffer.from(`notes ${randomUUID()}\n`);
    const event = emailEvent([
      await storedPending(text, 'notes.txt'),
      await storedPending(TestFiles.eicar, 'eicar.txt'),
    ]);
    const { outcome } = await receiveInbound(
      {
        db: database.db,
        unclaimedOwner: tenantId,
        media: (tenant, e) => resolveInboundMedia(deps(), tenant, e),
      },
      event,
    );
    expect(outcome).toBe('stored');
    const message = await database.db
      .selectFrom('messages')
      .select(['attachments', 'metadata'])
      .where('tenant_id', '=', tenantId)
      .where('to_addr', '=', event.to)
      .executeTakeFirstOrThrow();
    const [notes, infected] = message.attachments as [string, string];
    const media = await database.db
      .selectFrom('media')
      .select(['id', 'scan_status', 'scan_signature', 'source', 'original_name'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [notes, infected])
      .execute();
    expect(media.find((m) => m.id === notes)).toMatchObject({
      scan_status: 'clean',
      source: 'inbound',
      original_name: 'notes.txt',
    });
    expect(media.find((m) => m.id === infected)).toMatchObject({
      scan_status: 'infected',
      scan_signature: expect.stringMatching(/^Eicar-Test-Signature/),
    });
    expect(message.metadata).toEqual({
      media: {
        quarantined: [
          {
            attachment: 1,
            media_id: infected,
            scan: 'infected',
            signature: expect.stringMatching(/^Eicar-Test-Signature/),
          },
        ],
        refused: [
          { name: 'setup.exe', reason: 'Files of type application/x-msdownload are not accepted' },
        ],
      },
    });
    expect(counted).toEqual(['clean', 'infected', 'refused']);
  });

  it('holds the message, storing nothing, while clamd does not answer', async () => {
    const event = emailEvent([await storedPending(Buffer.from(`held ${randomUUID()}`), 'a.txt')]);
    const down = openMedia(
      loadConfig(conversationServiceConfigSchema, { ENVIRONMENT: 'test', CLAMD_PORT: '1' }),
    );
    await expect(
      receiveInbound(
        {
          db: database.db,
          unclaimedOwner: tenantId,
          media: (tenant, e) => resolveInboundMedia(deps({ scanner: down.scanner }), tenant, e),
        },
        event,
      ),
    ).rejects.toBeInstanceOf(InboundMediaHeldError);
    const stored = await database.db
      .selectFrom('messages')
      .select('id')
      .where('to_addr', '=', event.to)
      .execute();
    expect(stored).toEqual([]);
    down.storage.close();
  });
});
