import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sniffContentType, SNIFF_BYTES } from './content-sniffer';
import {
  MediaTooLargeError,
  MediaTypeNotAllowedError,
  ScannerUnavailableError,
} from './media-errors';
import { typeAllowed, type MediaChannel } from './media-policy';
import type { MediaStorage } from './media-storage';
import type { MalwareScanner } from './clamd-scanner';
import type { ScanVerdict } from './scan-verdict';

/** A file stored and scanned (or waiting for the scanner: `pending`). */
export interface IngestedFile {
  key: string;
  sha256: string;
  size: number;
  /** Sniffed from the bytes. */
  contentType: string;
  scan: ScanVerdict | { status: 'pending' };
}

/** An ingested file as its media record states it: digest, size, sniffed type and verdict. */
export function recordFieldsOf(file: IngestedFile) {
  return {
    sha256: file.sha256,
    size: file.size,
    content_type: file.contentType,
    scan_status: file.scan.status,
    scan_signature: file.scan.status === 'infected' ? file.scan.signature : null,
  };
}

export interface IngestInput {
  body: Readable;
  /** The storage key the bytes go to. */
  key: string;
  /** What the sender said the file is: only used to name text, never trusted for binary. */
  declaredType?: string;
  maxBytes: number;
  /** Checked against this channel's types; against every channel's when omitted. */
  channel?: MediaChannel;
}

/** Counts, hashes and keeps the first bytes of what streams through; refuses going over the limit. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks).subarray(0, SNIFF_BYTES);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new MediaTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.headBytes < SNIFF_BYTES) {
      this.headChunks.push(chunk);
      this.headBytes += chunk.length;
    }
    done(null, chunk);
  }
}

/**
 * Streams a file to storage and to the scanner at once while hashing it, then types it from
 * its bytes. Nothing is held whole in memory. Throws `MediaTooLargeError` (over `maxBytes`,
 * noticed while streaming) or `MediaTypeNotAllowedError`, after deleting what was stored; a
 * scanner that is down leaves the verdict `pending` — the caller must not hand the file on.
 *
 * @example const file = await storeAndScan({ storage, scanner }, { body: req, key: `${tenant}/${id}`, maxBytes })
 */
export async function storeAndScan(
  deps: { storage: MediaStorage; scanner: MalwareScanner },
  input: IngestInput,
): Promise<IngestedFile> {
  const meter = new Meter(input.maxBytes);
  const toStorage = new PassThrough();
  const toScanner = new PassThrough();
  meter.pipe(toStorage);
  meter.pipe(toScanner);
  // Each side reports the failure through the promise it settles; these keep it from being unhandled.
  toStorage.on('error', () => undefined);
  toScanner.on('error', () => undefined);
  meter.once('error', (err) => {
    toStorage.destroy(err);
    toScanner.destroy(err);
  });

  const stored = deps.storage.put(input.key, toStorage, 'application/octet-stream');
  const scanned = deps.scanner.scan(toScanner).catch((err: unknown) => {
    if (err instanceof ScannerUnavailableError) return { status: 'pending' as const };
    throw err;
  });
  const [read, put, scan] = await Promise.allSettled([
    pipeline(input.body, meter),
    stored,
    scanned,
  ]);
  const failure =
    read.status === 'rejected'
      ? read.reason
      : put.status === 'rejected'
        ? put.reason
        : scan.status === 'rejected'
          ? scan.reason
          : undefined;
  if (failure !== undefined || scan.status === 'rejected') {
    await deps.storage.delete(input.key).catch(() => undefined);
    throw failure;
  }

  const contentType = await sniffContentType(meter.head, input.declaredType);
  if (!typeAllowed(contentType, input.channel)) {
    await deps.storage.delete(input.key).catch(() => undefined);
    throw new MediaTypeNotAllowedError(contentType);
  }
  return {
    key: input.key,
    sha256: meter.hash.digest('hex'),
    size: meter.size,
    contentType,
    scan: scan.value,
  };
}

/** Scans a stored file again (one left `pending` while the scanner was down). */
export async function scanStored(
  deps: { storage: MediaStorage; scanner: MalwareScanner },
  key: string,
): Promise<ScanVerdict> {
  const { body } = await deps.storage.get(key);
  return deps.scanner.scan(body);
}
