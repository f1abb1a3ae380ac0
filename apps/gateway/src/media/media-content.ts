import type { RequestHandler, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AppError, ErrorCodes, RpcContracts } from '@switchboard/contracts';
import { mediaSignatureValid } from '@switchboard/media';
import type { GatewayContext } from '../gateway-context';

/**
 * Streams a media's bytes: only once scanned clean (a quarantined or unscanned file is never
 * served). `tenantId` null means the request carried a valid signed URL.
 */
export async function serveMediaContent(
  ctx: GatewayContext,
  res: Response,
  tenantId: string | null,
  id: string,
): Promise<void> {
  const { media, storage_key } = await ctx.call(RpcContracts.getMedia, { tenant_id: tenantId, id });
  if (media.scan.status !== 'clean') {
    throw new AppError(
      ErrorCodes.conflict,
      media.scan.status === 'pending'
        ? 'The file has not been scanned yet'
        : `The file is not served: its scan is ${media.scan.status}`,
    );
  }
  const stored = await ctx.media.storage.get(storage_key);
  res.status(200);
  res.type(media.content_type);
  res.setHeader('content-length', String(media.size));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'private, max-age=300');
  res.setHeader(
    'content-disposition',
    `attachment${media.original_name ? `; filename*=UTF-8''${encodeURIComponent(media.original_name)}` : ''}`,
  );
  await pipeline(stored.body, res);
}

/** The media content path with a signed URL's query: served before (and without) authentication. */
export const SIGNED_CONTENT_PATH = '/api/v1/media/:id/content';

/**
 * `GET /api/v1/media/{id}/content?expires=…&signature=…`: the URL providers fetch MMS media
 * from, valid without an API key until it expires. Requests without a signature go on to
 * the authenticated route.
 */
export function signedMediaContent(ctx: GatewayContext): RequestHandler {
  return (req, res, next) => {
    const { expires, signature } = req.query;
    if (signature === undefined && expires === undefined) return next();
    const id = String(req.params.id ?? '');
    const valid =
      typeof signature === 'string' &&
      typeof expires === 'string' &&
      /^\d{1,12}$/.test(expires) &&
      /^[0-9a-f-]{36}$/i.test(id) &&
      mediaSignatureValid({ secret: ctx.media.urlSecret, id, expires: Number(expires), signature });
    if (!valid) {
      return next(new AppError(ErrorCodes.forbidden, 'The signed URL is not valid or has expired'));
    }
    // Errors go to the problem handler; one after the bytes started can only cut the answer short.
    serveMediaContent(ctx, res, null, id).catch((err: unknown) =>
      res.headersSent ? res.destroy() : next(err),
    );
  };
}
