import Telnyx from 'telnyx';
import {
  ErrorClasses,
  ProviderError,
  classifyHttpStatus,
  parseRetryAfter,
} from '../provider-error';

/** Telnyx's `{"errors":[{code, title, detail}]}` document. */
interface TelnyxErrorBody {
  errors?: { code?: string; title?: string; detail?: string }[];
}

/**
 * A failed Telnyx API call as a ProviderError: an answer by its status (429, 5xx retryable;
 * other 4xx permanent) with Telnyx's first error code and title; no answer at all (a timeout,
 * a refused or reset connection) retryable. `Retry-After` is kept.
 */
export function telnyxProviderError(err: unknown): ProviderError {
  if (err instanceof Telnyx.APIError && typeof err.status === 'number') {
    const status = err.status;
    const [first] = (err.error as TelnyxErrorBody | undefined)?.errors ?? [];
    const detail = [first?.title, first?.detail].filter(Boolean).join(': ');
    const retryAfterMs = parseRetryAfter(err.headers?.get('retry-after'));
    return new ProviderError(
      'telnyx',
      classifyHttpStatus(status),
      detail || `Telnyx answered ${status}`,
      {
        httpStatus: status,
        code: first?.code ?? String(status),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
      { cause: err },
    );
  }
  const message = (err as Error)?.message ?? 'Telnyx request failed';
  const code = err instanceof Telnyx.APIConnectionTimeoutError ? 'timeout' : undefined;
  return new ProviderError('telnyx', ErrorClasses.retryable, message, code ? { code } : {}, {
    cause: err,
  });
}
