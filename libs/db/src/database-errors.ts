import { isNetworkErrorCode } from '@switchboard/net-guard';

/**
 * SQLSTATEs of a server that cannot serve right now: class 08 (connection exception), shutting
 * down or starting up (57P01–57P03), too many connections (53300), and a statement cancelled by
 * `statement_timeout` (57014) — an overloaded server.
 */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57014', '57P01', '57P02', '57P03']);

/** What node-postgres and its pool say when a connection could not be made or was lost. */
const DRIVER_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'is not queryable',
];

/**
 * True when `err` says the database could not be reached or went away — an outage worth a
 * retry (HTTP 503), as opposed to a query the database refused (a bug, or bad input).
 *
 * @example if (isDatabaseUnavailable(err)) throw new AppError(ErrorCodes.unavailable, '…');
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (
      isNetworkErrorCode(code) ||
      UNAVAILABLE_SQLSTATES.has(code) ||
      (code.length === 5 && code.startsWith('08'))
    ) {
      return true;
    }
  }
  if (DRIVER_MESSAGES.some((m) => err.message.includes(m))) return true;
  const nested = err instanceof AggregateError ? err.errors : [];
  return [err.cause, ...nested].some((e) => isDatabaseUnavailable(e, depth + 1));
}
