// Storage and scanning against the real local S3 server and clamd that `npm test` starts.
import { Readable } from 'node:stream';
import { createHash, randomUUID } from 'node:crypto';
import {
  createClamdScanner,
  createMediaStorage,
  mediaEnv,
  MediaTooLargeError,
  MediaTypeNotAllowedError,
  scanStored,
  storageSettingsOf,
  storeAndScan,
} from '../src';
import { TestFiles } from '../src/test-files';

const config = mediaEnv.parse(process.env);
const storage = createMediaStorage(storageSettingsOf({ ...config, ENVIRONMENT: 'test' }));
const scanner = createClamdScanner({
  host: config.CLAMD_HOST,
  port: config.CLAMD_PORT,
  timeoutMs: config.CLAMD_TIMEOUT_MS,
});
const deps = { storage, scanner };
const key = () => `test/${randomUUID()}`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function bytesOf(k: string): Promise<Buffer> {
  const { body } = await storage.get(k);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(() => storage.ensureBucket());
afterAll(() => storage.close());

describe('storeAndScan', () => {
  it('stores a clean PNG, hashes it and types it from its bytes', async () => {
    const k = key();
    const file = await storeAndScan(deps, {
      body: Readable.from([TestFiles.png]),
      key: k,
      declaredType: 'application/octet-stream',
      maxBytes: 1024,
    });
    expect(file).toEqual({
      key: k,
      sha256: sha256(TestFiles.png),
      size: TestFiles.png.length,
      contentType: 'image/png',
      scan: { status: 'clean' },
    });
    expect((await bytesOf(k)).equals(TestFiles.png)).toBe(true);
  });

  it('streams a file of several parts through both at once', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const parts = Array.from({ length: 7 }, () => chunk);
    const file = await storeAndScan(deps, {
      body: Readable.from(parts),
      key: key(),
      declaredType: 'text/plain',
      maxBytes: 8 * 1024 * 1024,
    });
    expect(file.size).toBe(7 * 1024 * 1024);
    expect(file.sha256).toBe(sha256(Buffer.concat(parts)));
    expect(file.scan).toEqual({ status: 'clean' });
  });

  it('names the signature of the EICAR file and of our own test signature', async () => {
    const eicar = await storeAndScan(deps, {
      body: Readable.from([TestFiles.eicar]),
      key: key(),
      declaredType: 'text/plain',
      maxBytes: 1024,
    });
    expect(eicar.scan).toEqual({
      status: 'infected',
      signature: 'Eicar-Test-Signature.UNOFFICIAL',
    });
    const custom = await storeAndScan(deps, {
      body: Readable.from([TestFiles.customSignature]),
      key: key(),
      maxBytes: 1024,
    });
    expect(custom.scan).toEqual({
      status: 'infected',
      signature: 'Switchboard.Test-Signature.UNOFFICIAL',
    });
  });

  it('refuses a file over the limit while it streams, keeping nothing', async () => {
    const k = key();
    await expect(
      storeAndScan(deps, {
        body: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]),
        key: k,
        maxBytes: 1000,
      }),
    ).rejects.toBeInstanceOf(MediaTooLargeError);
    await expect(storage.get(k)).rejects.toThrow();
  });

  it('refuses an executable named as a PNG by its bytes, keeping nothing', async () => {
    const k = key();
    const refused = storeAndScan(deps, {
      body: Readable.from([TestFiles.elf]),
      key: k,
      declaredType: 'image/png',
      maxBytes: 1024,
    });
    await expect(refused).rejects.toBeInstanceOf(MediaTypeNotAllowedError);
    await expect(refused).rejects.toMatchObject({ contentType: 'application/x-elf' });
    await expect(storage.get(k)).rejects.toThrow();
  });

  it('leaves the verdict pending when clamd does not answer, and scans it once it does', async () => {
    const down = createClamdScanner({ host: '127.0.0.1', port: 1, timeoutMs: 2_000 });
    const k = key();
    const file = await storeAndScan(
      { storage, scanner: down },
      {
        body: Readable.from([TestFiles.eicar]),
        key: k,
        declaredType: 'text/plain',
        maxBytes: 1024,
      },
    );
    expect(file.scan).toEqual({ status: 'pending' });
    await expect(scanStored({ storage, scanner: down }, k)).rejects.toMatchObject({
      code: 'scanner_unavailable',
    });
    expect(await scanStored(deps, k)).toEqual({
      status: 'infected',
      signature: 'Eicar-Test-Signature.UNOFFICIAL',
    });
  });

  it('answers readiness from clamd and the bucket', async () => {
    expect(await scanner.ping()).toBe(true);
    expect(await storage.ping()).toBe(true);
    expect(await createClamdScanner({ host: '127.0.0.1', port: 1, timeoutMs: 500 }).ping()).toBe(
      false,
    );
  });
});
