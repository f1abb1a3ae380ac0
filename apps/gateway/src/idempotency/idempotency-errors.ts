import { AppError, ErrorCodes } from '@switchboard/contracts';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';

/** The answers about an `Idempotency-Key` itself, rather than about the request it came with. */
export const IdempotencyErrors = {
  /** 409: the first request with this key has not been answered yet. */
  inProgress: () =>
    new AppError(
      ErrorCodes.conflict,
      `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry once it has been answered`,
    ),
  /** 422: the key was used for another request. */
  reused: () =>
    new AppError(
      ErrorCodes.unprocessable,
      `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request (another route or body); use a new key for a new request`,
    ),
  /** 503: the keys cannot be read, so the request cannot be promised to run at most once. */
  unavailable: () =>
    new AppError(
      ErrorCodes.unavailable,
      `Requests with an ${IDEMPOTENCY_KEY_HEADER} cannot be accepted right now; retry shortly`,
    ),
} as const;
