import { z } from 'zod';
import { csv, positiveInt, publicUrlEnv, type ProductionRule } from '@switchboard/config';
import type { MediaStorageSettings } from './media-storage';

/** Development and test defaults: the local S3 server and clamd `npm start`/`npm test` run. */
export const LOCAL_S3 = {
  endpoint: 'http://127.0.0.1:4569',
  bucket: 'switchboard-media',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
} as const;
export const LOCAL_CLAMD = { host: '127.0.0.1', port: 3310 } as const;
/** The signing secret of media URLs outside production. */
export const DEVELOPMENT_MEDIA_URL_SECRET = 'switchboard-development-media-url-secret';

/**
 * Object storage over the S3 API (AWS S3, MinIO, or the local S3 server in development) and
 * the clamd every file is scanned by.
 */
export const mediaEnv = z.object({
  /** The S3 API origin; unset means AWS S3 in `S3_REGION` (the local S3 server outside production). */
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).default(LOCAL_S3.bucket),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Static credentials; unset means the SDK's default chain (instance role, web identity…). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (`endpoint/bucket/key`), as MinIO and the local server want. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  CLAMD_HOST: z.string().min(1).default(LOCAL_CLAMD.host),
  CLAMD_PORT: z.coerce.number().int().min(1).max(65_535).default(LOCAL_CLAMD.port),
  /** How long one file's scan may take before it counts as the scanner being unavailable. */
  CLAMD_TIMEOUT_MS: positiveInt(30_000),
  /** Largest file accepted by upload, URL fetch or inbound (the channels' own limits apply too). */
  MEDIA_MAX_BYTES: positiveInt(20 * 1024 * 1024),
  /** HMAC key of signed media URLs (at least 32 characters in production). */
  MEDIA_URL_SECRET: z.string().min(16).default(DEVELOPMENT_MEDIA_URL_SECRET),
  /** How long a signed media URL handed to a provider stays valid. */
  MEDIA_URL_TTL_SECONDS: positiveInt(3_600),
});
export type MediaEnv = z.output<typeof mediaEnv>;

/** Object storage alone, for a service that only deletes media (retention). */
export const mediaStorageEnv = mediaEnv.pick({
  S3_ENDPOINT: true,
  S3_BUCKET: true,
  S3_REGION: true,
  S3_ACCESS_KEY_ID: true,
  S3_SECRET_ACCESS_KEY: true,
  S3_FORCE_PATH_STYLE: true,
});
export type MediaStorageEnv = z.output<typeof mediaStorageEnv>;

/** What production must set for media storage: a real bucket. */
export const mediaStorageProductionRules: readonly ProductionRule<
  MediaStorageEnv & { ENVIRONMENT: 'production' | 'development' | 'test' }
>[] = [
  {
    setting: 'S3_BUCKET',
    unsafe: (c) => c.S3_BUCKET === LOCAL_S3.bucket && c.S3_ENDPOINT === undefined,
    fix: 'must name the bucket media are kept in',
  },
];

/**
 * How long media are kept: deleted, record and bytes, once neither created nor used (uploaded
 * again, named in a send) for `MEDIA_RETENTION_DAYS`; 0 keeps them for ever. A file an
 * unsettled message still names is never deleted.
 */
export const mediaRetentionEnv = mediaStorageEnv.extend({
  MEDIA_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  /** How often the retention sweep runs (it deletes in batches until nothing is due). */
  MEDIA_RETENTION_SWEEP_MS: positiveInt(60 * 60 * 1000),
});
export type MediaRetentionEnv = z.output<typeof mediaRetentionEnv>;

/** What production must set for media: real storage and a real signing secret. */
export const mediaProductionRules: readonly ProductionRule<
  MediaEnv & { ENVIRONMENT: 'production' | 'development' | 'test' }
>[] = [
  ...mediaStorageProductionRules,
  {
    setting: 'MEDIA_URL_SECRET',
    unsafe: (c) =>
      c.MEDIA_URL_SECRET === DEVELOPMENT_MEDIA_URL_SECRET || c.MEDIA_URL_SECRET.length < 32,
    fix: 'must be a random secret of at least 32 characters: signed media URLs are served without an API key',
  },
];

/** The storage settings an app hands to `createMediaStorage`, with the local defaults outside production. */
export function storageSettingsOf(
  config: MediaStorageEnv & { ENVIRONMENT: string },
): MediaStorageSettings {
  const local = config.ENVIRONMENT !== 'production' && config.S3_ENDPOINT === undefined;
  return {
    endpoint: local ? LOCAL_S3.endpoint : config.S3_ENDPOINT,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : local
          ? { accessKeyId: LOCAL_S3.accessKeyId, secretAccessKey: LOCAL_S3.secretAccessKey }
          : undefined,
    forcePathStyle: config.S3_FORCE_PATH_STYLE ?? (local || config.S3_ENDPOINT !== undefined),
  };
}

/**
 * Attachment hosts accepted although they are loopback, private or local names (e.g. a server
 * on the developer's machine): by the gateway when a message is accepted, and by the
 * dispatchers when they fetch the URL. https is still required; link-local and cloud metadata
 * addresses are refused whatever this says.
 */
export const attachmentHostEnv = z.object({ ATTACHMENT_HOST_ALLOWLIST: csv('') });

/**
 * What a dispatcher needs besides storage and clamd: the public origin of signed URLs and the
 * hosts URL attachments may be fetched from although local.
 */
export const mediaDispatchEnv = mediaEnv.extend(publicUrlEnv.shape).extend(attachmentHostEnv.shape);
export type MediaDispatchEnv = z.output<typeof mediaDispatchEnv>;

/** The media rules production adds for a dispatcher. */
export const mediaDispatchProductionRules: readonly ProductionRule<
  MediaDispatchEnv & { ENVIRONMENT: 'production' | 'development' | 'test' }
>[] = mediaProductionRules;
