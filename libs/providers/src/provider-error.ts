import type { ProviderFailure } from '@switchboard/contracts';
import { isNetworkErrorCode } from '@switchboard/net-guard';

/** Whether trying again (or elsewhere) can help. */
export const ErrorClasses = {
  /** 429, 5xx, timeouts, connection errors, an open circuit: retry and fail over. */
  retryable: 'retryable',
  /** Invalid number, opted-out recipient, rejected content, other 4xx: stop. */
  permanent: 'permanent',
} as const;
export type ErrorClass = (typeof ErrorClasses)[keyof typeof ErrorClasses];

/**
 * A provider call that failed, classified, with the provider's own code and message. It travels
 * as thrown from the SDK call to the dispatcher, which reads its `failure`.
 */
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

  /** The failure as a dispatcher records it: the provider's own code, else the HTTP status. */
  get failure(): ProviderFailure {
    const { code, httpStatus, retryAfterMs } = this.details;
    return {
      provider: this.provider,
      retryable: this.retryable,
      code: code ?? (httpStatus ? String(httpStatus) : null),
      message: this.message,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
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

/**
 * Describes anything a provider call threw. ProviderErrors carry their own failure; anything
 * else is unexpected and treated as retryable.
 */
export function classifyFailure(err: unknown, fallbackProvider: string): ProviderFailure {
  if (err instanceof ProviderError) return err.failure;
  return {
    provider: fallbackProvider,
    retryable: true,
    code: null,
    message: (err as Error)?.message ?? String(err),
  };
}
