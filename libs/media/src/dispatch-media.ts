import type { Kysely } from 'kysely';
import type { Database } from '@switchboard/db';
import type { ReadinessCheck } from '@switchboard/http';
import { Counter, type ServiceMetrics } from '@switchboard/observability';
import { createAttachmentResolver, type AttachmentResolver } from './attachment-resolver';
import { fetchGuarded } from './media-fetch';
import type { MediaDispatchEnv } from './media-settings';
import { openMedia } from './open-media';

/**
 * The media pipeline a dispatcher puts in front of its providers (media ids and URL
 * attachments fetched through the SSRF guard), its readiness checks (clamd
 * and the bucket: nothing with attachments can go out without them) and the metric counting
 * messages held because clamd was unavailable.
 *
 * @example const media = dispatchMedia(config, database.db, metrics); createDispatcherService({ …, attachments: media.resolver, checks: media.checks })
 */
export function dispatchMedia(
  config: MediaDispatchEnv & { ENVIRONMENT: string },
  db: Kysely<Database>,
  metrics: ServiceMetrics,
): {
  resolver: AttachmentResolver;
  checks: Record<string, ReadinessCheck>;
} {
  const { storage, scanner } = openMedia(config);
  const held = new Counter({
    name: 'media_scanner_unavailable_total',
    help: 'Messages held because the malware scanner (clamd) did not answer',
    registers: [metrics.registry],
  });
  const resolver = createAttachmentResolver({
    db,
    storage,
    scanner,
    signing: {
      baseUrl: config.PUBLIC_BASE_URL,
      secret: config.MEDIA_URL_SECRET,
      ttlSeconds: config.MEDIA_URL_TTL_SECONDS,
    },
    maxBytes: config.MEDIA_MAX_BYTES,
    // https only, public addresses only, unless the host is allow-listed (development, tests).
    fetchUrl: (url) =>
      fetchGuarded(
        url,
        { requireHttps: true, allowPrivate: false },
        { allowHosts: config.ATTACHMENT_HOST_ALLOWLIST },
      ),
    onScannerUnavailable: () => held.inc(),
  });
  return {
    resolver,
    checks: {
      clamd: async () => {
        if (!(await scanner.ping())) throw new Error('clamd does not answer');
      },
      storage: async () => {
        if (!(await storage.ping())) throw new Error('object storage does not answer');
      },
    },
  };
}
