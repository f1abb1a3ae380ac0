// Inbound media end to end: an MMS's media fetched from the provider with the account's
// credentials, an email's attachments taken from the Inbound Parse post, each stored and scanned
// before its message appears; served to the owning tenant only; infected ones quarantined and the
// message flagged.
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { MediaResource, MessagePage, MessageResource } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { TestFiles } from '@switchboard/media/testing';
import { claimAddress } from '@switchboard/tenancy';
import { eventually, startStack, testEnv, type Stack } from '@switchboard/testing';
import { request } from './api-client';
import { createTenantWithKey, uniqueNumber, type TenantFixture } from './tenant-fixtures';

const SECRET_KEY = `e2e-media-inbound-${'k'.repeat(40)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PNG no other run sent: the same bytes would be the same media. */
const freshPng = () => Buffer.concat([TestFiles.png, randomBytes(16)]);

interface SandboxInbound {
  delivered: boolean;
  status: number;
  provider_message_id: string;
  media_urls?: string[];
}

describe('inbound media: fetched, stored, scanned and served to their tenant only', () => {
  let stack: Stack;
  let sandbox: string;
  let gateway: string;
  let database: Db;
  let a: TenantFixture;
  let b: TenantFixture;
  let number: string;
  let mailbox: string;

  beforeAll(async () => {
    stack = await startStack({
      env: { AUTH_MODE: 'required', SECRET_KEY, AUTH_CACHE_TTL_MS: '0' },
      only: ['provider-sandbox', 'conversation-service', 'webhook-ingest', 'gateway'],
    });
    sandbox = stack.url('provider-sandbox');
    gateway = stack.url('gateway');
    database = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const options = { gateway, secretKey: SECRET_KEY };
    a = await createTenantWithKey(database.db, { ...options, label: 'media-in-a' });
    b = await createTenantWithKey(database.db, { ...options, label: 'media-in-b' });
    number = uniqueNumber();
    mailbox = `inbox@${a.id}.example.com`;
    await claimAddress(database.db, { tenantId: a.id, address: number });
    await claimAddress(database.db, { tenantId: a.id, address: mailbox });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.close();
  });

  const deliver = async (body: Record<string, unknown>) => {
    const res = await request<SandboxInbound>(sandbox, 'POST', '/sandbox/inbound', { body });
    expect(res.body).toMatchObject({ delivered: true, status: 200 });
    return res.body;
  };
  const receivedFrom = async (from: string): Promise<MessageResource> => {
    const found = await eventually(
      async () =>
        (
          await a.call<MessagePage>('GET', '/api/v1/messages?direction=inbound&limit=100')
        ).body.data.find((m) => m.from === from),
      (m) => m !== undefined,
      { what: `the inbound message from ${from}`, timeoutMs: 30_000 },
    );
    return found!;
  };
  const content = (tenant: TenantFixture, id: string) =>
    fetch(`${gateway}/api/v1/media/${id}/content`, {
      headers: { authorization: `Bearer ${tenant.key}` },
    });

  it('stores an inbound MMS photo as a scanned media of the tenant, served to it and to no other', async () => {
    const png = freshPng();
    const from = uniqueNumber();
    await deliver({
      channel: 'sms',
      from,
      to: number,
      body: 'Here is the photo',
      media: [{ content_type: 'image/png', base64: png.toString('base64') }],
    });
    const message = await receivedFrom(from);
    expect(message).toMatchObject({ type: 'mms', body: 'Here is the photo', metadata: null });
    expect(message.attachments).toHaveLength(1);
    const id = message.attachments[0]!;
    expect(id).toMatch(UUID);

    const record = await a.call<MediaResource>('GET', `/api/v1/media/${id}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      id,
      content_type: 'image/png',
      size: png.length,
      sha256: sha256(png),
      source: 'inbound',
      scan: { status: 'clean', signature: null },
    });
    const served = await content(a, id);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    expect((await b.call('GET', `/api/v1/media/${id}`)).status).toBe(404);
    expect((await content(b, id)).status).toBe(404);
  });

  it('quarantines an infected MMS file: kept with its signature, never served, the message flagged', async () => {
    const from = uniqueNumber();
    await deliver({
      channel: 'sms',
      from,
      to: number,
      media: [{ content_type: 'text/plain', base64: TestFiles.eicar.toString('base64') }],
    });
    const message = await receivedFrom(from);
    const id = message.attachments[0]!;
    expect(message.metadata).toEqual({
      media: {
        quarantined: [
          {
            attachment: 0,
            media_id: id,
            scan: 'infected',
            signature: expect.stringMatching(/^Eicar-Test-Signature/),
          },
        ],
        refused: [],
      },
    });
    const record = await a.call<MediaResource>('GET', `/api/v1/media/${id}`);
    expect(record.body).toMatchObject({
      source: 'inbound',
      scan: { status: 'infected', signature: expect.stringMatching(/^Eicar-Test-Signature/) },
    });
    expect((await content(a, id)).status).toBe(409);

    const metrics = await (await fetch(`${stack.url('conversation-service')}/metrics`)).text();
    expect(metrics).toMatch(
      /^media_inbound_quarantined_total\{[^}]*provider="twilio"[^}]*\} [1-9]/m,
    );
  });

  it('takes an inbound email attachment from the Inbound Parse post as a media of the tenant', async () => {
    const png = freshPng();
    const from = `sender-${randomBytes(4).toString('hex')}@partner.example.org`;
    await deliver({
      channel: 'email',
      from,
      to: mailbox,
      subject: 'The scan',
      body: 'Attached',
      media: [
        { content_type: 'image/png', base64: png.toString('base64'), filename: 'scan.png' },
        {
          content_type: 'text/plain',
          base64: TestFiles.eicar.toString('base64'),
          filename: 'x.txt',
        },
      ],
    });
    const message = await receivedFrom(from);
    expect(message).toMatchObject({ type: 'email', subject: 'The scan' });
    expect(message.attachments).toHaveLength(2);
    const [scan, infected] = message.attachments as [string, string];
    const record = await a.call<MediaResource>('GET', `/api/v1/media/${scan}`);
    expect(record.body).toMatchObject({
      content_type: 'image/png',
      original_name: 'scan.png',
      sha256: sha256(png),
      source: 'inbound',
      scan: { status: 'clean' },
    });
    expect(Buffer.from(await (await content(a, scan)).arrayBuffer()).equals(png)).toBe(true);
    expect((await content(b, scan)).status).toBe(404);
    expect(message.metadata).toMatchObject({
      media: { quarantined: [{ attachment: 1, media_id: infected, scan: 'infected' }] },
    });
    expect((await content(a, infected)).status).toBe(409);
  });

  it('serves the sandbox’s inbound media only with the account’s credentials', async () => {
    const sent = await deliver({
      channel: 'sms',
      from: uniqueNumber(),
      to: number,
      media: [{ content_type: 'image/png', base64: freshPng().toString('base64') }],
    });
    const url = sent.media_urls![0]!;
    expect(url.startsWith(sandbox)).toBe(true);
    expect((await fetch(url)).status).toBe(401);
  });
});
