import type { Kysely } from 'kysely';
import {
  isMediaId,
  type DispatchCommand,
  type OutgoingFile,
  type ProviderFailure,
} from '@switchboard/contracts';
import type { Database, MediaRow } from '@switchboard/db';
import { scanRefusal } from './attachment-refusals';
import type { MalwareScanner } from './clamd-scanner';
import { ScannerUnavailableError } from './media-errors';
import { scanStored } from './media-ingest';
import { attachmentsRefusal, type MediaChannel } from './media-policy';
import type { MediaStorage } from './media-storage';
import { mediaRowsOf, recordVerdict } from './media.repository';
import { signedMediaUrl } from './signed-media-url';

/** What a message's attachments came to. */
export type AttachmentResolution =
  /**
   * Every attachment stored and scanned clean (none: an empty list); `undefined` for URL
   * attachments, which go to the providers as given.
   */
  | { kind: 'ready'; files: OutgoingFile[] | undefined }
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
  /** Called when the scanner was unavailable for a message's attachments (a metric). */
  onScannerUnavailable?: () => void;
}

/** The provider name failures of the media pipeline are recorded under. */
export const MEDIA_STAGE = 'media';

const rejected = (message: string): AttachmentResolution => ({
  kind: 'rejected',
  failure: { provider: MEDIA_STAGE, retryable: false, code: 'attachment_rejected', message },
});

/**
 * Resolves a message's media attachments right before it goes to a provider: media ids to the
 * tenant's stored media, each scanned now when it was still pending, all checked against the
 * channel's types and size. A file that is infected or refused rejects the message; a scanner
 * that is down holds it.
 *
 * @example const resolution = await createAttachmentResolver(deps).resolve(command)
 */
export function createAttachmentResolver(deps: AttachmentResolverDeps) {
  async function resolve(command: DispatchCommand): Promise<AttachmentResolution> {
    if (command.attachments.length === 0) return { kind: 'ready', files: [] };
    if (command.type !== 'mms' && command.type !== 'email') return { kind: 'ready', files: [] };
    const channel: MediaChannel = command.type;
    // Media ids only: a message whose attachments are URLs passes them on as given (see
    // docs/MEDIA.md); the gateway refuses a message mixing the two.
    if (!command.attachments.every(isMediaId)) return { kind: 'ready', files: undefined };
    try {
      const ids = command.attachments.map((entry) => entry.toLowerCase());
      const rows = new Map<string, MediaRow>(
        (await mediaRowsOf(deps.db, command.tenant_id, ids)).map((r) => [r.id, r]),
      );
      const ordered: MediaRow[] = [];
      for (const [i, id] of ids.entries()) {
        const row = rows.get(id);
        if (!row) return rejected(`attachments.${i}: no such media`);
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
      return {
        kind: 'ready',
        files: ordered.map((row) => outgoing(row)),
      };
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
