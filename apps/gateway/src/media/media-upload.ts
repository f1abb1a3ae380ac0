import type { Request } from 'express';
import type { Readable } from 'node:stream';
import Busboy from 'busboy';
import { AppError, ErrorCodes, RpcContracts, type MediaResource } from '@switchboard/contracts';
import { newId } from '@switchboard/db';
import {
  MediaTooLargeError,
  MediaTypeNotAllowedError,
  storeAndScan,
  type IngestedFile,
  recordFieldsOf,
} from '@switchboard/media';
import type { GatewayContext } from '../gateway-context';

/** One file of a request: its bytes, the type it was declared as and its name. */
interface IncomingFile {
  body: Readable;
  declaredType: string | undefined;
  name: string | null;
}

const MAX_NAME = 255;
const nameOf = (raw: string | undefined) => (raw ? raw.slice(0, MAX_NAME) : null);

/**
 * The file of an upload: the first file part of a `multipart/form-data` body, or the raw body
 * with its `Content-Type` (named by the `filename` query parameter).
 */
function incomingFile(req: Request, filename: string | undefined): Promise<IncomingFile> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.resolve({ body: req, declaredType: type || undefined, name: nameOf(filename) });
  }
  return new Promise((resolve, reject) => {
    let found = false;
    let busboy: ReturnType<typeof Busboy>;
    try {
      busboy = Busboy({ headers: req.headers, limits: { files: 1, fields: 10 } });
    } catch (err) {
      return reject(
        AppError.validation(
          [{ field: 'body', message: (err as Error).message }],
          'The body is not valid multipart',
        ),
      );
    }
    busboy.on('file', (_field, stream, info) => {
      found = true;
      resolve({
        body: stream,
        declaredType: info.mimeType,
        name: nameOf(info.filename ?? filename),
      });
    });
    busboy.on('error', (err) =>
      reject(AppError.validation([{ field: 'body', message: (err as Error).message }])),
    );
    busboy.on('close', () => {
      if (!found)
        reject(AppError.validation([{ field: 'file', message: 'no file part in the form' }]));
    });
    req.pipe(busboy);
  });
}

/** Turns the media pipeline's refusals into the API's problems. */
export function asAppError(err: unknown): unknown {
  if (err instanceof MediaTooLargeError) {
    return new AppError(
      ErrorCodes.payloadTooLarge,
      `The file is larger than the limit of ${err.limitBytes} bytes`,
      [{ field: 'file', message: `must be at most ${err.limitBytes} bytes` }],
    );
  }
  if (err instanceof MediaTypeNotAllowedError) {
    return new AppError(
      ErrorCodes.unprocessable,
      `Files of type ${err.contentType} are not accepted`,
      [{ field: 'file', message: `its bytes are ${err.contentType}, which is not accepted` }],
    );
  }
  return err;
}

/**
 * Streams an upload to storage and to clamd while hashing it, and records it with
 * conversation-service. The same bytes uploaded again by the tenant answer the first record.
 */
export async function uploadMedia(
  ctx: GatewayContext,
  req: Request,
  filename: string | undefined,
): Promise<{ media: MediaResource; created: boolean }> {
  const { media } = ctx;
  const declaredLength = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declaredLength) && declaredLength > media.maxBytes + 64 * 1024) {
    throw asAppError(new MediaTooLargeError(media.maxBytes));
  }
  const tenant = ctx.tenantOf(req);
  const id = newId();
  const key = `${tenant}/${id}`;
  let file: IngestedFile;
  try {
    const incoming = await incomingFile(req, filename);
    file = await storeAndScan(media, {
      body: incoming.body,
      key,
      declaredType: incoming.declaredType,
      maxBytes: media.maxBytes,
    });
    const reply = await ctx.call(RpcContracts.recordMedia, {
      tenant_id: tenant,
      id,
      ...recordFieldsOf(file),
      original_name: incoming.name,
      source: 'upload',
      storage_key: key,
    });
    if (!reply.created) await media.storage.delete(key).catch(() => undefined);
    if (file.scan.status === 'infected') {
      ctx.log.warn(
        { media_id: reply.media.id, signature: file.scan.signature },
        'infected upload quarantined',
      );
    }
    return reply;
  } catch (err) {
    throw asAppError(err);
  }
}
