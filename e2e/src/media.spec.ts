// The media pipeline end to end: uploads typed and scanned, MMS media handed to the provider as
// signed URLs (which the sandbox fetches and hashes), email files as bytes, URL attachments
// fetched, stored and scanned at dispatch, infected, lying and unsafe files refused, and a
// message held while clamd is down. The stack scans with a clamd of its own, so the suite can
// stop and restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaResource, MessagePage, MessageResource, Problem } from '@switchboard/contracts';
import { TestFiles } from '@switchboard/media/testing';
import {
  eventually,
  freePort,
  hasBeenSent,
  sandboxMessages,
  startStack,
  type Stack,
} from '@switchboard/testing';
import { api, uniquePhone, uniquePng, uploadMedia } from './api-client';
import { startFileServer, type FileServer } from './support/file-server';

const MAX_BYTES = 1024 * 1024;
const ROOT = path.resolve(__dirname, '../..');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function clamdAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => socket.write('zPING\0'));
    socket.on('data', (d) => done(d.toString().includes('PONG')));
    socket.once('error', () => done(false));
  });
}

/** clamd with the repository's test signatures, on its own port. */
async function startClamd(port: number): Promise<ChildProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'media-e2e-clamd-'));
  const conf = path.join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `DatabaseDirectory ${path.join(ROOT, 'infra', 'clamav')}`,
      `LogFile ${path.join(dir, 'clamd.log')}`,
      'SelfCheck 0',
      '',
    ].join('\n'),
  );
  const child = spawn(process.env.CLAMD_BIN ?? '/usr/sbin/clamd', ['-c', conf], {
    stdio: 'ignore',
  });
  await eventually(() => clamdAnswers(port), Boolean, { timeoutMs: 30_000, what: 'clamd up' });
  return child;
}

function stopClamd(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('media: uploads, scanning and attachments', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  let clamd: ChildProcess;
  let clamdPort: number;
  let files: FileServer;

  const upload = (bytes: Buffer, type: string, filename = 'photo.png') =>
    uploadMedia(gateway, bytes, type, filename);
  const received = (to: string) => sandboxMessages(sandbox, { to });
  const statusOf = async (id: string) =>
    (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body;

  beforeAll(async () => {
    clamdPort = await freePort();
    clamd = await startClamd(clamdPort);
    files = await startFileServer();
    stack = await startStack({
      env: {
        // The file server is on loopback: allowed by name, as a developer's would be.
        ATTACHMENT_HOST_ALLOWLIST: '127.0.0.1',
        NODE_EXTRA_CA_CERTS: files.ca,
        CLAMD_PORT: String(clamdPort),
        CLAMD_TIMEOUT_MS: '3000',
        MEDIA_MAX_BYTES: String(MAX_BYTES),
        DISPATCH_RETRY_BASE_MS: '500',
        DISPATCH_RETRY_MAX_MS: '2000',
        EVENT_RETRY_BASE_MS: '200',
        EVENT_RETRY_MAX_MS: '2000',
      },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (clamd) await stopClamd(clamd);
    await files?.stop();
  });

  it('stores a PNG typed from its bytes, scanned clean, and serves it to its tenant', async () => {
    const png = uniquePng();
    const up = await upload(png, 'application/octet-stream');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      content_type: 'image/png',
      size: png.length,
      sha256: sha256(png),
      original_name: 'photo.png',
      source: 'upload',
      scan: { status: 'clean', signature: null },
      url: `/api/v1/media/${up.body.id}/content`,
    });
    const record = await api<MediaResource>(gateway, 'GET', `/api/v1/media/${up.body.id}`);
    expect(record.body).toEqual(up.body);
    const content = await fetch(`${gateway}${up.body.url}`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
    // The same bytes again are the same media.
    const again = await upload(png, 'image/png');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(up.body.id);
  });

  it('takes a multipart upload too', async () => {
    const form = new FormData();
    form.append('file', new Blob([uniquePng()], { type: 'image/png' }), 'form.png');
    const res = await fetch(`${gateway}/api/v1/media`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      content_type: 'image/png',
      original_name: 'form.png',
    });
  });

  it('sends MMS media as a signed URL of ours that serves the same bytes, and nothing else', async () => {
    const png = uniquePng();
    const { body: media } = await upload(png, 'image/png');
    const to = uniquePhone();
    const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: uniquePhone(),
      to,
      body: 'Your receipt',
      attachments: [media.id],
    });
    expect(sent.status).toBe(201);
    await eventually(() => statusOf(sent.body.id), hasBeenSent, { timeoutMs: 30_000 });
    const [mms] = await received(to);
    expect(mms!.media).toHaveLength(1);
    const url = new URL(mms!.media[0]!);
    expect(url.pathname).toBe(`/api/v1/media/${media.id}/content`);
    expect(url.searchParams.get('expires')).toMatch(/^\d+$/);
    // Served without credentials while the signature holds.
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(png));
    // The provider fetched it before accepting the message, and got the very bytes uploaded.
    expect(mms!.media_files).toEqual([
      expect.objectContaining({ http_status: 200, sha256: sha256(png), size: png.length }),
    ]);
    url.searchParams.set('signature', `${url.searchParams.get('signature')!.slice(1)}A`);
    expect((await fetch(url)).status).toBe(403);
  });

  it('attaches an email file as bytes under its original name', async () => {
    const { body: media } = await upload(uniquePng(), 'image/png', 'invoice.png');
    const to = `media-${Date.now()}@example.com`;
    const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'billing@example.com',
      to,
      subject: 'Invoice',
      body: '<p>Attached</p>',
      attachments: [media.id],
    });
    expect(sent.status).toBe(201);
    await eventually(() => statusOf(sent.body.id), hasBeenSent, { timeoutMs: 30_000 });
    const [mail] = await received(to);
    expect(mail!.media).toEqual(['invoice.png']);
  });

  it('quarantines the EICAR file: never served, and a send with it is refused before anything goes out', async () => {
    const up = await upload(TestFiles.eicar, 'text/plain', 'eicar.txt');
    // 200 when an earlier run against the same database uploaded it already: the same media.
    expect([200, 201]).toContain(up.status);
    expect(up.body.scan).toMatchObject({
      status: 'infected',
      signature: 'Eicar-Test-Signature.UNOFFICIAL',
    });
    expect((await fetch(`${gateway}${up.body.url}`)).status).toBe(409);
    const to = uniquePhone();
    const refused = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', {
      from: uniquePhone(),
      to,
      body: 'see attached',
      attachments: [up.body.id],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: 'urn:switchboard:problem:attachment_rejected' });
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['attachments.0']);
    expect(await received(to)).toEqual([]);
  });

  it('refuses an executable named .png by its bytes, and a file over the limit', async () => {
    const lying = await upload(TestFiles.elf, 'image/png', 'photo.png');
    expect(lying.status).toBe(422);
    expect(lying.body.errors?.map((e) => e.field)).toEqual(['file']);
    const big = await upload(Buffer.alloc(MAX_BYTES + 1, 0x41), 'text/plain', 'big.txt');
    expect(big.status).toBe(413);
  });

  /** Waits until the message failed for an attachment; answers its reason. */
  const rejection = async (id: string) => {
    const failed = await eventually(
      () => statusOf(id),
      (m) => m.status === 'failed',
      { timeoutMs: 30_000, what: `message ${id} failed` },
    );
    expect(failed.error_code).toBe('attachment_rejected');
    return failed.error_message ?? '';
  };

  it('fetches a URL attachment at dispatch, stores and scans it, and sends it like an upload', async () => {
    const png = uniquePng();
    const to = uniquePhone();
    const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: uniquePhone(),
      to,
      body: 'from a link',
      attachments: [files.put('receipt.png', 'application/octet-stream', png)],
    });
    expect(sent.status).toBe(201);
    await eventually(() => statusOf(sent.body.id), hasBeenSent, { timeoutMs: 30_000 });
    const [mms] = await received(to);
    // Not the customer's URL: ours, signed, serving the stored copy the provider hashed.
    const url = new URL(mms!.media[0]!);
    const id = /^\/api\/v1\/media\/([0-9a-f-]+)\/content$/.exec(url.pathname)?.[1];
    expect(id).toBeDefined();
    expect(mms!.media_files).toEqual([
      expect.objectContaining({ http_status: 200, sha256: sha256(png), content_type: 'image/png' }),
    ]);
    const record = await api<MediaResource>(gateway, 'GET', `/api/v1/media/${id!}`);
    expect(record.body).toMatchObject({
      source: 'url',
      sha256: sha256(png),
      content_type: 'image/png',
      original_name: 'receipt.png',
      scan: { status: 'clean' },
    });
  });

  it('attaches a URL file to email as bytes under its name, beside an uploaded one', async () => {
    const { body: uploaded } = await upload(uniquePng(), 'image/png', 'invoice.png');
    const to = `media-url-${Date.now()}@example.com`;
    const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'billing@example.com',
      to,
      subject: 'Statement',
      body: '<p>Attached</p>',
      attachments: [uploaded.id, files.put('statement.png', 'image/png', uniquePng())],
    });
    expect(sent.status).toBe(201);
    await eventually(() => statusOf(sent.body.id), hasBeenSent, { timeoutMs: 30_000 });
    const [mail] = await received(to);
    expect(mail!.media).toEqual(['invoice.png', 'statement.png']);
  });

  it('fails a message whose URL attachment is infected, missing or redirects to the metadata address; nothing is sent', async () => {
    const cases: [string, RegExp][] = [
      [files.put('eicar.txt', 'text/plain', TestFiles.eicar), /^attachments\.1: infected \(Eicar/],
      [`${files.origin}/files/nothing-here.png`, /^attachments\.1: refused: answered 404$/],
      [`${files.origin}/to-metadata`, /^attachments\.1: refused: after a redirect: link-local/],
    ];
    for (const [url, reason] of cases) {
      const to = uniquePhone();
      const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        from: uniquePhone(),
        to,
        body: 'see attached',
        attachments: [files.put('fine.png', 'image/png', uniquePng()), url],
      });
      expect(sent.status).toBe(201);
      expect(await rejection(sent.body.id)).toMatch(reason);
      expect(await received(to)).toEqual([]);
    }
  });

  it('refuses the metadata address itself when the message is accepted', async () => {
    const refused = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', {
      from: uniquePhone(),
      to: uniquePhone(),
      body: 'metadata',
      attachments: ['https://169.254.169.254/latest/meta-data/iam'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toEqual(['attachments.0']);
  });

  it('holds messages while clamd is down, uploads and URL attachments alike, and sends them once clamd is back', async () => {
    await stopClamd(clamd);
    const png = uniquePng();
    const up = await upload(png, 'image/png');
    expect(up.status).toBe(201);
    expect(up.body.scan.status).toBe('pending');
    expect((await fetch(`${gateway}${up.body.url}`)).status).toBe(409);
    const to = uniquePhone();
    const sent = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: uniquePhone(),
      to,
      body: 'held',
      attachments: [up.body.id],
    });
    expect(sent.status).toBe(201);
    // A URL attachment is fetched and stored, then held for the scan like an upload.
    const linkedTo = uniquePhone();
    const linked = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: uniquePhone(),
      to: linkedTo,
      body: 'held too',
      attachments: [files.put('held.png', 'image/png', uniquePng())],
    });
    expect(linked.status).toBe(201);
    const dispatcher = stack.url('sms-dispatcher');
    await eventually(
      async () => (await fetch(`${dispatcher}/ready`)).status,
      (s) => s === 503,
      { what: 'sms-dispatcher not ready without clamd' },
    );
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await received(to)).toEqual([]);
    expect(await received(linkedTo)).toEqual([]);
    expect(hasBeenSent(await statusOf(sent.body.id))).toBe(false);
    expect(hasBeenSent(await statusOf(linked.body.id))).toBe(false);

    clamd = await startClamd(clamdPort);
    await eventually(() => statusOf(sent.body.id), hasBeenSent, { timeoutMs: 60_000 });
    await eventually(() => statusOf(linked.body.id), hasBeenSent, { timeoutMs: 60_000 });
    expect(await received(to)).toHaveLength(1);
    expect(await received(linkedTo)).toHaveLength(1);
    const record = await api<MediaResource>(gateway, 'GET', `/api/v1/media/${up.body.id}`);
    expect(record.body.scan.status).toBe('clean');
  });

  it('holds an inbound MMS while clamd is down, and stores it with its media once clamd is back', async () => {
    await stopClamd(clamd);
    const png = uniquePng();
    const from = uniquePhone();
    const posted = await api<{ delivered: boolean }>(sandbox, 'POST', '/sandbox/inbound', {
      channel: 'sms',
      from,
      to: uniquePhone(),
      body: 'photo while clamd is away',
      media: [{ content_type: 'image/png', base64: png.toString('base64') }],
    });
    // Twilio is answered at once: the event is durable before the 200.
    expect(posted.body.delivered).toBe(true);
    const heldCount = async () => {
      const text = await (await fetch(`${stack.url('conversation-service')}/metrics`)).text();
      const line =
        /^media_inbound_held_total\{[^}]*reason="scanner_unavailable"[^}]*\} (\d+)/m.exec(text);
      return Number(line?.[1] ?? 0);
    };
    await eventually(heldCount, (n) => n > 0, { what: 'the inbound message held for clamd' });
    const inboundFrom = async () =>
      (
        await api<MessagePage>(gateway, 'GET', '/api/v1/messages?direction=inbound&limit=100')
      ).body.data.find((m) => m.from === from);
    expect(await inboundFrom()).toBeUndefined();

    clamd = await startClamd(clamdPort);
    const message = await eventually(inboundFrom, (m) => m !== undefined, {
      timeoutMs: 60_000,
      what: 'the inbound message stored once clamd is back',
    });
    expect(message!.attachments).toHaveLength(1);
    const record = await api<MediaResource>(
      gateway,
      'GET',
      `/api/v1/media/${message!.attachments[0]}`,
    );
    expect(record.body).toMatchObject({
      source: 'inbound',
      sha256: sha256(png),
      scan: { status: 'clean' },
    });
  });
});
