import { z } from 'zod';

/** Where a file came from. */
export const MEDIA_SOURCES = ['upload', 'url', 'inbound'] as const;
export const MediaSource = z.enum(MEDIA_SOURCES);
export type MediaSource = z.infer<typeof MediaSource>;

/** clamd's verdict; `pending` until a scanner has read the file. */
export const MediaScanStatus = z.enum(['pending', 'clean', 'infected', 'error']);
export type MediaScanStatus = z.infer<typeof MediaScanStatus>;

const EXAMPLE_MEDIA_ID = '01a21c50-7f3e-7a4b-8c1d-2e3f4a5b6c7d';

export const MediaScan = z
  .object({
    status: MediaScanStatus.describe(
      '`clean` (served and sent), `infected` (quarantined: never served or sent), `error` (clamd refused to read it: never served or sent), `pending` (not scanned yet: held until it is)',
    ),
    signature: z
      .string()
      .nullable()
      .describe('The malware signature found, when `infected` (e.g. `Eicar-Test-Signature`)'),
    scanned_at: z.string().nullable().describe('When the verdict was given (ISO 8601, UTC)'),
  })
  .describe("The malware scanner's verdict");
export type MediaScan = z.infer<typeof MediaScan>;

export const MediaResource = z
  .object({
    id: z.uuid().meta({ description: 'The media id', examples: [EXAMPLE_MEDIA_ID] }),
    content_type: z
      .string()
      .describe(
        'The type sniffed from the bytes (the type the file was declared as is not trusted)',
      ),
    size: z.number().int().describe('Bytes'),
    sha256: z
      .string()
      .describe('SHA-256 of the bytes, hex: the same file uploaded twice is one media'),
    original_name: z
      .string()
      .nullable()
      .describe('The file name it was uploaded or received under'),
    source: MediaSource.describe('`upload`, `url` (fetched for a send) or `inbound` (received)'),
    scan: MediaScan,
    url: z.string().describe('Where its bytes are served to the tenant once `clean`'),
    created_at: z.string().describe('When it was stored (ISO 8601, UTC)'),
  })
  .describe('A stored file');
export type MediaResource = z.infer<typeof MediaResource>;

export const MediaIdParam = z.object({
  id: z.uuid().meta({ description: 'The media id', examples: [EXAMPLE_MEDIA_ID] }),
});

/** A stored file to record: what the gateway (or a dispatcher, or webhook-ingest) stored and scanned. */
export const RecordMediaRpc = z.object({
  tenant_id: z.string().min(1),
  id: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  content_type: z.string().min(1),
  original_name: z.string().max(255).nullable(),
  source: MediaSource,
  scan_status: MediaScanStatus,
  scan_signature: z.string().nullable(),
  storage_key: z.string().min(1),
});
export type RecordMediaRpc = z.infer<typeof RecordMediaRpc>;

/**
 * The record kept: this file's, or the tenant's earlier one with the same bytes (`created`
 * false: the caller deletes what it stored).
 */
export const RecordMediaReply = z.object({ media: MediaResource, created: z.boolean() });
export type RecordMediaReply = z.infer<typeof RecordMediaReply>;

/** A media record and where its bytes are kept (for serving them). */
export const StoredMediaReply = z.object({ media: MediaResource, storage_key: z.string() });
export type StoredMediaReply = z.infer<typeof StoredMediaReply>;

/**
 * One tenant's media by id; `tenant_id` null only for a request carrying a valid signed URL,
 * which is the proof of access.
 */
export const GetMediaRpc = z.object({ tenant_id: z.string().min(1).nullable(), id: z.uuid() });
export type GetMediaRpc = z.infer<typeof GetMediaRpc>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an `attachments` entry names an uploaded media (a UUID) rather than a URL. */
export const isMediaId = (entry: string): boolean => UUID.test(entry);
