/**
 * Socket-level failure codes, from Node's sockets and DNS and from undici (`fetch`): nobody
 * answered, or the connection went away — a problem of the network or of the server being
 * there at all, never of what was asked. Worth a retry, elsewhere if there is an elsewhere.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * True when `code` (an error's `code`) is a socket-level failure.
 *
 * @example if (isNetworkErrorCode((err as { code?: unknown }).code)) retryLater();
 */
export function isNetworkErrorCode(code: unknown): boolean {
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}
