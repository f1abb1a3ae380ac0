import type { Request } from 'express';
import { AppError } from '@switchboard/contracts';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** The header on a replayed answer. */
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Why a key is refused, or undefined when it is usable. */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  }
  if (!PRINTABLE_ASCII.test(key)) return 'must contain only printable ASCII characters';
  return undefined;
}

/**
 * The key itself when usable; otherwise throws a validation error naming the header: it is
 * empty, longer than 255 characters or not printable ASCII.
 */
export function checkIdempotencyKey(key: string): string {
  const problem = idempotencyKeyProblem(key);
  if (problem) {
    throw AppError.validation(
      [{ field: IDEMPOTENCY_KEY_HEADER, message: problem }],
      `The ${IDEMPOTENCY_KEY_HEADER} header is not valid`,
    );
  }
  return key;
}

/** The request's `Idempotency-Key`, taken as sent (e.g. a UUID); undefined when absent. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get(IDEMPOTENCY_KEY_HEADER);
  return key === undefined ? undefined : checkIdempotencyKey(key);
}
