import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import {
  REQUEST_ID_HEADER,
  acceptRequestId,
  annotateActiveSpan,
  newRequestId,
  withCorrelation,
} from '@switchboard/observability';

/**
 * Gives every request an id: the client's `X-Request-Id` when it is safe to keep (see
 * `acceptRequestId`), a new one otherwise. It is echoed in the answer, forwarded with the
 * request (so a proxied webhook keeps it), set on the trace, and carried by every log line and
 * NATS message the request causes.
 */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const requestId = assignRequestId(req, res);
    withCorrelation({ request_id: requestId }, () => next());
  };
}

/** The request's id, echoed in the answer, forwarded with the request and set on the trace. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const requestId = acceptRequestId(req.headers[REQUEST_ID_HEADER]) ?? newRequestId();
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader('X-Request-Id', requestId);
  annotateActiveSpan({ 'switchboard.request_id': requestId });
  return requestId;
}
