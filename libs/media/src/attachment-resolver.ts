import type { Kysely } from 'kysely';
import {
  isMediaId,
  type DispatchCommand,
  type OutgoingFile,
  type ProviderFailure,
} from '@switchboard/contracts';
import { newId, type Database, type MediaRow } from '@switchboard/db';
import { scanRefusal } from './attachment-refusals';
import type { MalwareScanner } from './clamd-scanner';
import {
  MediaFetchRefusedError,
  MediaTooLargeError,
  MediaTypeNotAllowedError,
  ScannerUnavailableError,
} from './media-errors';
import type { FetchedFile } from './media-fetch';
import { recordFieldsOf, scanStored, storeAndScan } from './media-ingest';
import { attachmentsRefusal, MediaLimits, type MediaChannel } from './media-policy';
import type { MediaStorage } from './media-storage';
import { mediaRowsOf, recordMediaRow, recordVerdict, touchMedia } from './media.repository';
import { signedMediaUrl } from './signed-media-url';

/** What a message's attachments came to. */
export type AttachmentResolution =
  /** Every attachment stored and scanned clean (none: an empty list). */
  | { kind: 'ready'; files: OutgoingFile[] }
  /** An attachment is infected, refused by the scanner or the channel, or could not be fetched. */
  | { kind: 'rejected'; failure: ProviderFailure }
  /** The scanner is unavailable: nothing goes out unscanned; try again later. */
  | { kind: 'held'; failure: ProviderFailure };

export interface AttachmentResolverDeps {
  db: Kysely<Database>;
  storage: MediaStorage;
  scanner: MalwareScanner;
  /** The public origin signed media URLs are built on, their key and lifetime. */
  signing: { baseUrl: string; secret: string; ttlSeconds: number };
  maxBytes: number;
  /** Fetches a URL attachment through the SSRF guard (`fetchGuarded`). */
  fetchUrl: (url: string) => Promise<FetchedFile>;
  /** Called when the scanner was unavailable for a message's attachments (a metric). */
  onScannerUnavailable?: () => void;
}

/** The provider name failures of the media pipeline are recorded under. */
export const MEDIA_STAGE = 'media';

const rejected = (message: string): AttachmentResolution => ({
  kind: 'rejected',
  failure: { provider: MEDIA_STAGE, retryable: false, code: 'attachment_rejected', message },
});

/** Why a URL attachment could not become a stored file, or `undefined` for our own failures. */
function fetchRefusal(err: unknown, channel: MediaChannel): string | undefined {
  if (err instanceof MediaFetchRefusedError) return `refused: ${err.reason}`;
  if (err instanceof MediaTooLargeError) return `larger than ${err.limitBytes} bytes`;
  if (err instanceof MediaTypeNotAllowedError) {
    return `${err.contentType} is not accepted for ${channel}`;
  }
  return undefined;
}

/**
 * Resolves a message's attachments right before it goes to a provider. Media ids become the
 * tenant's stored media; URLs are fetched through the SSRF guard, stored and scanned like an
 * upload (a media of source `url`, one per tenant and content); each file still pending is
 * scanned now; all are checked against the channel's types and size. A file that is infected,
 * refused or cannot be fetched rejects the message; a scanner that is down holds it.
 *
 * @example const resolution = await createAttachmentResolver(deps).resolve(command)
 */
export function createAttachmentResolver(deps: AttachmentResolverDeps) {
  /** A URL attachment as a stored, recorded file (its verdict may still be pending). */
  async function ingestUrl(
    command: DispatchCommand,
    channel: MediaChannel,
    url: string,
  ): Promise<MediaRow> {
    const id = newId();
    const key = `${command.tenant_id}/${id}`;
    const fetched = await deps.fetchUrl(url);
    const file = await storeAndScan(deps, {
      body: fetched.body,
      key,
      declaredType: fetched.declaredType,
      // No file can be larger than the channel takes for all of a message's files.
      maxBytes: Math.min(deps.maxBytes, MediaLimits[channel].totalBytes),
      channel,
    });
    const { row, created } = await recordMediaRow(deps.db, {
      tenant_id: command.tenant_id,
      id,
      ...recordFieldsOf(file),
      original_name: fetched.name,
      source: 'url',
      storage_key: key,
    });
    // The tenant had these bytes already: the earlier record (and its object) serves.
    if (!created) await deps.storage.delete(key).catch(() => undefined);
    return row;
  }

  async function resolve(command: DispatchCommand): Promise<AttachmentResolution> {
    if (command.attachments.length === 0) return { kind: 'ready', files: [] };
    if (command.type !== 'mms' && command.type !== 'email') return { kind: 'ready', files: [] };
    const channel: MediaChannel = command.type;
    try {
      const ids = command.attachments.filter(isMediaId).map((entry) => entry.toLowerCase());
      const rows = new Map<string, MediaRow>(
        (await mediaRowsOf(deps.db, command.tenant_id, ids)).map((r) => [r.id, r]),
      );
      const ordered: MediaRow[] = [];
      for (const [i, entry] of command.attachments.entries()) {
        let row: MediaRow | undefined;
        if (isMediaId(entry)) {
          row = rows.get(entry.toLowerCase());
          if (!row) return rejected(`attachments.${i}: no such media`);
        } else {
          try {
            row = await ingestUrl(command, channel, entry);
          } catch (err) {
            const why = fetchRefusal(err, channel);
            if (why) return rejected(`attachments.${i}: ${why}`);
            throw err;
          }
        }
        if (row.scan_status === 'pending') {
          const verdict = await scanStored(deps, row.storage_key);
          await recordVerdict(deps.db, row.id, verdict);
          row.scan_status = verdict.status;
          row.scan_signature = verdict.status === 'infected' ? verdict.signature : null;
        }
        const why = scanRefusal(row);
        if (why) return rejected(`attachments.${i}: ${why}`);
        ordered.push(row);
      }
      const refusal = attachmentsRefusal(
        channel,
        ordered.map((r) => ({ content_type: r.content_type, size: Number(r.size) })),
      );
      if (refusal) return rejected(refusal);
      // Retention keeps what is being sent (providers fetch signed URLs after the send).
      await touchMedia(
        deps.db,
        ordered.map((r) => r.id),
      );
      return { kind: 'ready', files: ordered.map((row) => outgoing(row)) };
    } catch (err) {
      if (err instanceof ScannerUnavailableError) {
        deps.onScannerUnavailable?.();
        return {
          kind: 'held',
          failure: {
            provider: MEDIA_STAGE,
            retryable: true,
            code: 'scanner_unavailable',
            message: 'The malware scanner is unavailable; the message is held until it answers',
          },
        };
      }
      throw err;
    }
  }

  function outgoing(row: MediaRow): OutgoingFile {
    return {
      id: row.id,
      name: row.original_name ?? `${row.id}`,
      contentType: row.content_type,
      size: Number(row.size),
      url: signedMediaUrl({ ...deps.signing, id: row.id }),
      async read() {
        const { body } = await deps.storage.get(row.storage_key);
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      },
    };
  }

  return { resolve };
}
export type AttachmentResolver = ReturnType<typeof createAttachmentResolver>;
