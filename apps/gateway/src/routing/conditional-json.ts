import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Answers `body` as JSON with a validator: an `ETag` of its bytes, `Cache-Control: private,
 * no-cache`, and `304 Not Modified` (no body) when the request's `If-None-Match` names it. A
 * client polling a list pays for a change only when there is one.
 *
 * @example sendConditionalJson(req, res, await ctx.call(RpcContracts.listMessages, query));
 */
export function sendConditionalJson(req: Request, res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (matches(req.get('if-none-match'), etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(text);
}

/** Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for GET). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
