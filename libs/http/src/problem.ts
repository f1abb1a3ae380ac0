import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import {
  AppError,
  ErrorCodes,
  HTTP_STATUS_BY_CODE,
  type ErrorCode,
  type Problem,
} from '@switchboard/contracts';
import type { Logger } from '@switchboard/observability';

/** The media type of an RFC 9457 problem response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Readonly<Record<ErrorCode, string>> = {
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unprocessable: 'Unprocessable content',
  recipient_opted_out: 'Recipient opted out',
  recipient_suppressed: 'Recipient suppressed',
  attachment_rejected: 'Attachment rejected',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

/** The RFC 9457 document for an error code. */
export function problemFor(
  code: ErrorCode,
  detail: string,
  instance?: string,
  fields?: AppError['fields'],
): Problem {
  return {
    type: `urn:switchboard:problem:${code}`,
    title: TITLES[code],
    status: HTTP_STATUS_BY_CODE[code],
    detail,
    ...(instance ? { instance } : {}),
    ...(fields && fields.length ? { errors: [...fields] } : {}),
  };
}

/** Answers with `problem` as `application/problem+json`, its status as the HTTP status. */
export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Maps any error to an AppError: the one place HTTP learns what went wrong. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const parserError = err as BodyParserError;
  if (parserError?.type === 'entity.too.large') {
    return new AppError(ErrorCodes.payloadTooLarge, 'The request body is too large');
  }
  if (parserError?.type === 'entity.parse.failed') {
    return AppError.validation(
      [{ field: 'body', message: 'must be valid JSON' }],
      'The request body is not valid JSON',
    );
  }
  if (err instanceof URIError && parserError.status === 400) {
    // The router could not percent-decode a path parameter (`/messages/%E0%A4%A`): the client's.
    return AppError.validation(
      [{ field: 'path', message: 'is not valid percent-encoding' }],
      'The request path is not valid',
    );
  }
  if (parserError?.expose && parserError.status && parserError.status < 500) {
    return AppError.validation([{ field: 'body', message: String((err as Error).message) }]);
  }
  return new AppError(ErrorCodes.internal, 'Something went wrong on our side', [], { cause: err });
}

/** The problem document for an error, logging the cause of a 5xx (never sent). */
function problemOf(log: Logger, err: unknown, instance: string, route: unknown): Problem {
  const appError = toAppError(err);
  const problem = problemFor(appError.code, appError.message, instance, appError.fields);
  if (problem.status >= 500) {
    log.error({ err: appError.cause ?? appError, route }, 'request failed');
  }
  return problem;
}

/** Express error handler answering problem+json; 5xx causes are logged, never sent. */
export function problemHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const problem = problemOf(log, err, req.originalUrl.split('?')[0]!, req.route?.path);
    if (res.headersSent) return;
    sendProblem(res, problem);
  };
}

/**
 * `problemHandler` for a request answered outside express (a `DirectHandler`): the same document,
 * headers and logging. `route` is the template the request matched.
 */
export function answerProblem(
  log: Logger,
  err: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
): void {
  const problem = problemOf(log, err, requestPath(req), route);
  if (res.headersSent) return;
  writeProblem(res, problem);
}

/** A request's path without its query: a problem's `instance`. */
export function requestPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Writes `problem` as `application/problem+json` with its status, as express's
 * `res.type(PROBLEM_CONTENT_TYPE).send(text)` sends it, with any `headers` beside.
 */
export function writeProblem(
  res: ServerResponse,
  problem: Problem,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = JSON.stringify(problem);
  res.writeHead(problem.status, {
    'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
