import { createHash } from 'node:crypto';
import type {
  InboundMessageEvent,
  InboundRefusedFile,
  InboundStoredFile,
  MediaScanStatus,
} from '@switchboard/contracts';
import { newId, type Database, type Kysely } from '@switchboard/db';
import {
  fetchProviderMedia,
  getStoredMedia,
  MediaError,
  ProviderMediaError,
  recordMedia,
  scanStored,
  ScannerUnavailableError,
  storeAndScan,
  type MalwareScanner,
  type MediaStorage,
  type ProviderMediaSource,
  recordFieldsOf,
} from '@switchboard/media';
import type { EndpointPolicy } from '@switchboard/net-guard';
import type { Logger } from '@switchboard/observability';

/** An attachment scanned infected (or refused by clamd): kept for inspection, never served. */
export interface QuarantinedAttachment {
  /** Its position in the message's `attachments`. */
  attachment: number;
  media_id: string;
  scan: Extract<MediaScanStatus, 'infected' | 'error'>;
  signature: string | null;
}

/** What the message's `metadata.media` says about its files, when anything needs saying. */
export interface InboundMediaNotes {
  quarantined: QuarantinedAttachment[];
  refused: InboundRefusedFile[];
}

/** An inbound message's files as stored: media ids, and what was quarantined or refused. */
export interface InboundMedia {
  attachments: string[];
  notes: InboundMediaNotes | null;
}

/**
 * The message cannot be stored yet: clamd is away, or the provider did not serve a file it may
 * serve later. The inbound event is handed back and comes again; nothing is lost.
 */
export class InboundMediaHeldError extends Error {
  constructor(
    readonly reason: 'scanner_unavailable' | 'provider_unavailable',
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'scanner_unavailable'
        ? 'The malware scanner is unavailable; the inbound message waits for it'
        : 'The provider did not serve an inbound media file; the inbound message waits for it',
      options,
    );
    this.name = 'InboundMediaHeldError';
  }
}

export interface InboundMediaDeps {
  db: Kysely<Database>;
  storage: MediaStorage;
  scanner: MalwareScanner;
  /** Twilio's API origin and the account's credentials; MMS media are fetched from there. */
  twilio: ProviderMediaSource;
  /** Where the provider's redirects (its CDN) may lead. */
  redirectPolicy: EndpointPolicy;
  maxBytes: number;
  timeoutMs: number;
  log: Logger;
  /** Counts each file by its verdict (`clean`, `infected`, `error`, `refused`). */
  onFile: (provider: string, verdict: string) => void;
}

/** The providers whose inbound `attachments` are their media URLs, fetched with credentials. */
const FETCHED_FROM: ReadonlySet<string> = new Set(['twilio']);

/** Where a fetched file is kept: the same key for every delivery of one event, so a retry overwrites. */
const fetchedKey = (event: InboundMessageEvent, index: number) =>
  `inbound/${event.provider}/${createHash('sha256').update(event.event_id).digest('hex')}/${index}`;

/** Whether the event has files to turn into media. */
export function hasInboundMedia(event: InboundMessageEvent): boolean {
  return (
    (event.stored_files?.length ?? 0) > 0 ||
    (event.refused_files?.length ?? 0) > 0 ||
    (FETCHED_FROM.has(event.provider) && event.attachments.length > 0 && !event.call)
  );
}

/**
 * Turns an inbound message's files into the tenant's media, before the message is stored: MMS
 * media fetched from the provider with the account's credentials and stored and scanned; email
 * attachments (stored and scanned by webhook-ingest) recorded, scanned now if clamd was away
 * then. Infected files are kept (quarantined) and noted; refused ones are noted. Throws
 * `InboundMediaHeldError` when the message must wait (clamd away, provider unavailable).
 *
 * @example const media = await resolveInboundMedia(deps, tenantId, event) // { attachments: [id], notes: null }
 */
export async function resolveInboundMedia(
  deps: InboundMediaDeps,
  tenantId: string,
  event: InboundMessageEvent,
): Promise<InboundMedia> {
  const refused: InboundRefusedFile[] = [...(event.refused_files ?? [])];
  const files: { file: InboundStoredFile; ownKey: boolean }[] = [];
  try {
    for (const stored of event.stored_files ?? []) {
      if (stored.scan_status !== 'pending') {
        files.push({ file: stored, ownKey: false });
        continue;
      }
      const verdict = await scanStored(deps, stored.storage_key);
      files.push({
        file: {
          ...stored,
          scan_status: verdict.status,
          scan_signature: verdict.status === 'infected' ? verdict.signature : null,
        },
        ownKey: false,
      });
    }
    if (FETCHED_FROM.has(event.provider) && !event.call) {
      for (const [i, url] of event.attachments.entries()) {
        const fetched = await fetchOne(deps, event, url, i);
        if ('reason' in fetched) refused.push(fetched);
        else files.push({ file: fetched, ownKey: true });
      }
    }
  } catch (err) {
    if (err instanceof ScannerUnavailableError) {
      throw new InboundMediaHeldError('scanner_unavailable', { cause: err });
    }
    throw err;
  }

  const attachments: string[] = [];
  const quarantined: QuarantinedAttachment[] = [];
  for (const { file, ownKey } of files) {
    const { media, created } = await recordMedia(deps.db, {
      tenant_id: tenantId,
      id: newId(),
      sha256: file.sha256,
      size: file.size,
      content_type: file.content_type,
      original_name: file.name,
      source: 'inbound',
      scan_status: file.scan_status,
      scan_signature: file.scan_signature,
      storage_key: file.storage_key,
    });
    // The tenant had these bytes already: the copy fetched for this message is not needed (an
    // email's files are shared by its recipients' messages, so those stay).
    if (!created && ownKey) {
      const { storage_key } = await getStoredMedia(deps.db, { tenant_id: tenantId, id: media.id });
      if (storage_key !== file.storage_key) {
        await deps.storage.delete(file.storage_key).catch(() => undefined);
      }
    }
    const status = media.scan.status;
    deps.onFile(event.provider, status);
    if (status === 'infected' || status === 'error') {
      quarantined.push({
        attachment: attachments.length,
        media_id: media.id,
        scan: status,
        signature: media.scan.signature,
      });
      // No addresses, names or content: the media id leads to the rest for those allowed to see it.
      deps.log.warn(
        {
          event_id: event.event_id,
          provider: event.provider,
          media_id: media.id,
          scan: status,
          signature: media.scan.signature,
        },
        'inbound attachment quarantined',
      );
    }
    attachments.push(media.id);
  }
  for (const _ of refused) deps.onFile(event.provider, 'refused');
  return {
    attachments,
    notes: quarantined.length || refused.length ? { quarantined, refused } : null,
  };
}

/** Fetches, stores and scans one provider media file; a file the channel refuses is noted instead. */
async function fetchOne(
  deps: InboundMediaDeps,
  event: InboundMessageEvent,
  url: string,
  index: number,
): Promise<InboundStoredFile | InboundRefusedFile> {
  const name = `attachment ${index + 1}`;
  let body;
  try {
    const fetched = await fetchProviderMedia(url, deps.twilio, deps.redirectPolicy, {
      timeoutMs: deps.timeoutMs,
    });
    body = fetched;
  } catch (err) {
    if (err instanceof ProviderMediaError && !err.retryable) {
      return { name: null, reason: `${name}: ${err.message}` };
    }
    deps.log.warn(
      { err, event_id: event.event_id, provider: event.provider },
      'inbound media file not served yet; the message waits',
    );
    throw new InboundMediaHeldError('provider_unavailable', { cause: err });
  }
  const key = fetchedKey(event, index);
  try {
    const file = await storeAndScan(deps, {
      body: body.body,
      key,
      ...(body.declaredType ? { declaredType: body.declaredType.split(';')[0]!.trim() } : {}),
      maxBytes: deps.maxBytes,
      channel: 'mms',
    });
    if (file.scan.status === 'pending') {
      await deps.storage.delete(key).catch(() => undefined);
      throw new ScannerUnavailableError(new Error('clamd did not answer'));
    }
    return {
      storage_key: key,
      name: null,
      ...recordFieldsOf(file),
    };
  } catch (err) {
    if (err instanceof MediaError && !(err instanceof ScannerUnavailableError)) {
      return { name: null, reason: `${name}: ${err.message}` };
    }
    throw err;
  }
}
