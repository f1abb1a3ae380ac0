import { isNetworkErrorCode } from '@switchboard/net-guard';

/** Whether trying again (or elsewhere) can help. */
export const ErrorClasses = {
  /** 429, 5xx, timeouts, connection errors, an open circuit: retry and fail over. */
  retryable: 'retryable',
  /** Invalid number, opted-out recipient, rejected content, other 4xx: stop. */
  permanent: 'permanent',
} as const;
export type ErrorClass = (typeof ErrorClasses)[keyof typeof ErrorClasses];

/** A provider call that failed, classified, with the provider's own code and message. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly errorClass: ErrorClass,
    message: string,
    readonly details: { code?: string; httpStatus?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.errorClass === ErrorClasses.retryable;
  }
}

/** Retry-After in seconds or as an HTTP date, as milliseconds from now. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the IMF-fixdate form RFC 9110 requires, not whatever Date.parse would guess at.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text))
    return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies by HTTP status: 429 and 5xx are worth retrying, other 4xx are not. */
export function classifyHttpStatus(status: number | undefined): ErrorClass {
  if (status === undefined) return ErrorClasses.retryable;
  if (status === 429 || status === 408 || status >= 500) return ErrorClasses.retryable;
  return ErrorClasses.permanent;
}

/** Whether a thrown error is a network-level failure (no HTTP answer at all). */
export function isNetworkError(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return isNetworkErrorCode(e?.code) || isNetworkErrorCode(e?.cause?.code);
}

/** A failure as a dispatcher records it. */
export interface ClassifiedFailure {
  provider: string;
  retryable: boolean;
  code: string | null;
  message: string;
  retryAfterMs?: number;
}

/**
 * Describes anything a provider call threw. ProviderErrors carry their own class; anything
 * else is unexpected and treated as retryable.
 */
export function classifyFailure(err: unknown, fallbackProvider: string): ClassifiedFailure {
  if (err instanceof ProviderError) {
    return {
      provider: err.provider,
      retryable: err.retryable,
      code: err.details.code ?? (err.details.httpStatus ? String(err.details.httpStatus) : null),
      message: err.message,
      ...(err.details.retryAfterMs !== undefined ? { retryAfterMs: err.details.retryAfterMs } : {}),
    };
  }
  return {
    provider: fallbackProvider,
    retryable: true,
    code: null,
    message: (err as Error)?.message ?? String(err),
  };
}
