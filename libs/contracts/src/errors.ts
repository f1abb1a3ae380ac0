import { z } from 'zod';
import type { ConsentRefusal } from './channel-sender';

/** Error codes shared by every transport; each maps to one HTTP status in one place. */
export const ErrorCodes = {
  validation: 'validation_failed',
  notFound: 'not_found',
  conflict: 'conflict',
  unprocessable: 'unprocessable',
  /** The recipient texted STOP (or an opt-out keyword) to this tenant. */
  recipientOptedOut: 'recipient_opted_out',
  /** The recipient is on the tenant's suppression list (bounce, complaint, unsubscribe, by hand). */
  recipientSuppressed: 'recipient_suppressed',
  /** An attachment is infected, refused by the scanner, or of a type or size the channel refuses. */
  attachmentRejected: 'attachment_rejected',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  rateLimited: 'rate_limited',
  payloadTooLarge: 'payload_too_large',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  recipient_opted_out: 422,
  recipient_suppressed: 422,
  attachment_rejected: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface FieldError {
  field: string;
  message: string;
}

/** An error with a stable code, safe to show to a client. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: readonly FieldError[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static validation(fields: readonly FieldError[], message = 'The request is not valid') {
    return new AppError(ErrorCodes.validation, message, fields);
  }

  static notFound(what: string) {
    return new AppError(ErrorCodes.notFound, `${what} not found`);
  }
}

/**
 * The answer to a send whose recipient said no: `422` `recipient_opted_out` (they replied STOP)
 * or `recipient_suppressed` (a bounce, a complaint, an unsubscribe, a manual entry).
 *
 * @example throw consentRefusalError({ code: 'recipient_opted_out', reason: 'opt_out' });
 */
export function consentRefusalError(refusal: ConsentRefusal): AppError {
  return refusal.code === ErrorCodes.recipientOptedOut
    ? new AppError(
        ErrorCodes.recipientOptedOut,
        'The recipient has opted out of messages from this sender (they replied STOP); nothing was sent',
        [{ field: 'to', message: 'has opted out' }],
      )
    : new AppError(
        ErrorCodes.recipientSuppressed,
        `The recipient is on this account's suppression list (${refusal.reason}); nothing was sent`,
        [{ field: 'to', message: `is suppressed (${refusal.reason})` }],
      );
}

export const RpcError = z.object({
  code: z.enum(Object.values(ErrorCodes) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).default([]),
});
export type RpcError = z.infer<typeof RpcError>;
