import type { Kysely } from 'kysely';
import {
  isMediaId,
  type DispatchCommand,
  type OutgoingFile,
  type ProviderFailure,
} from '@switchboard/contracts';
import { newId, type Database, type MediaRow } from '@switchboard/db';
import type { EndpointPolicy } from '@switchboard/net-guard';
import { scanRefusal } from './attachment-refusals';
import type { MalwareScanner } from './clamd-scanner';
import { fetchGuarded } from './media-fetch';
import { MediaError, ScannerUnavailableError } from './media-errors';
import { scanStored, storeAndScan } from './media-ingest';
import { attachmentsRefusal, MediaLimits, type MediaChannel } from './media-policy';
import type { MediaStorage } from './media-storage';
import { mediaRowsOf, recordMedia, recordVerdict } from './media.repository';
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
  /** Where URL attachments may be fetched from (the SSRF guard). */
  fetchPolicy: EndpointPolicy;
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
 * Resolves a message's attachments right before it goes to a provider: media ids to the
 * tenant's stored media, URLs fetched through the SSRF guard and stored; every file scanned
 * (again, when it was still pending) and checked against the channel's types and size. A file
 * that is infected or refused rejects the message; a scanner that is down holds it.
 *
 * @example const resolution = await createAttachmentResolver(deps).resolve(command)
 */
export function createAttachmentResolver(deps: AttachmentResolverDeps) {
  async function fromUrl(command: DispatchCommand, url: string, channel: MediaChannel) {
    const fetched = await fetchGuarded(url, deps.fetchPolicy);
    const id = newId();
    const key = `${command.tenant_id}/${id}`;
    const file = await storeAndScan(deps, {
      body: fetched.body,
      key,
      declaredType: fetched.declaredType,
      maxBytes: Math.min(deps.maxBytes, MediaLimits[channel].totalBytes),
      channel,
    });
    const { media, created } = await recordMedia(deps.db, {
      tenant_id: command.tenant_id,
      id,
      sha256: file.sha256,
      size: file.size,
      content_type: file.contentType,
      original_name: fetched.name,
      source: 'url',
      scan_status: file.scan.status,
      scan_signature: file.scan.status === 'infected' ? file.scan.signature : null,
      storage_key: key,
    });
    if (!created) await deps.storage.delete(key).catch(() => undefined);
    return media.id;
  }

  async function resolve(command: DispatchCommand): Promise<AttachmentResolution> {
    if (command.attachments.length === 0) return { kind: 'ready', files: [] };
    if (command.type !== 'mms' && command.type !== 'email') return { kind: 'ready', files: [] };
    const channel: MediaChannel = command.type;
    try {
      const ids: string[] = [];
      for (const [i, entry] of command.attachments.entries()) {
        if (isMediaId(entry)) {
          ids.push(entry.toLowerCase());
          continue;
        }
        try {
          ids.push(await fromUrl(command, entry, channel));
        } catch (err) {
          if (err instanceof ScannerUnavailableError) throw err;
          if (err instanceof MediaError) return rejected(`attachments.${i}: ${err.message}`);
          // The server did not answer (timeout, connection refused): refused, not retried.
          return rejected(`attachments.${i}: could not be fetched (${(err as Error).message})`);
        }
      }
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
