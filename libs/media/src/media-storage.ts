import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** Where media bytes are kept: one bucket over the S3 API. */
export interface MediaStorageSettings {
  /** The S3 API origin; AWS S3 when undefined. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Static credentials; the SDK's default chain when undefined. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

/** The bytes of one stored object, streamed. */
export interface StoredObject {
  body: Readable;
  size: number | undefined;
}

/** Object storage as media use it: streamed in, streamed out, deleted. */
export interface MediaStorage {
  /** Streams `body` into `key` (multipart for large files); resolves once it is stored. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** Streams the object back. */
  get(key: string): Promise<StoredObject>;
  delete(key: string): Promise<void>;
  /** Whether the bucket answers (readiness). */
  ping(): Promise<boolean>;
  /** Creates the bucket when it does not exist (development and tests). */
  ensureBucket(): Promise<void>;
  close(): void;
}

/** A part of a multipart upload; S3's smallest. */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Media storage over the S3 API: the same code against AWS S3, MinIO and the local S3 server.
 *
 * @example const storage = createMediaStorage(storageSettingsOf(config)); await storage.put(key, stream, 'image/png')
 */
export function createMediaStorage(settings: MediaStorageSettings): MediaStorage {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // The local server and MinIO do not need the newer default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  return {
    async put(key, body, contentType) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: body, ContentType: contentType },
        partSize: PART_BYTES,
        queueSize: 2,
      });
      await upload.done();
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
      return { body: out.Body as Readable, size: out.ContentLength };
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
        return true;
      } catch {
        return false;
      }
    },
    async ensureBucket() {
      if (await this.ping()) return;
      await client.send(new CreateBucketCommand({ Bucket }));
    },
    close() {
      client.destroy();
    },
  };
}
