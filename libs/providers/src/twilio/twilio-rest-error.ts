import {
  ErrorClasses,
  ProviderError,
  classifyHttpStatus,
  isNetworkError,
  parseRetryAfter,
} from '../provider-error';

/**
 * A failed Twilio REST call as a ProviderError: the SDK's RestException by its status (429, 5xx
 * retryable; other 4xx permanent) unless its Twilio code is one no retry can fix; no answer at
 * all (timeout, refused or reset connection) retryable. `Retry-After` is kept.
 */
export function twilioProviderError(
  err: unknown,
  permanentCodes: ReadonlySet<number>,
): ProviderError {
  const e = err as {
    status?: number;
    code?: number;
    message?: string;
    headers?: Record<string, string>;
  };
  if (typeof e?.status === 'number') {
    const errorClass =
      e.code !== undefined && permanentCodes.has(e.code)
        ? ErrorClasses.permanent
        : classifyHttpStatus(e.status);
    const retryAfterMs = parseRetryAfter(e.headers?.['retry-after']);
    return new ProviderError(
      'twilio',
      errorClass,
      e.message ?? `Twilio answered ${e.status}`,
      {
        httpStatus: e.status,
        ...(e.code !== undefined ? { code: String(e.code) } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
      { cause: err },
    );
  }
  return new ProviderError(
    'twilio',
    isNetworkError(err) || !e?.status ? ErrorClasses.retryable : ErrorClasses.permanent,
    e?.message ?? 'Twilio request failed',
    {},
    { cause: err },
  );
}
