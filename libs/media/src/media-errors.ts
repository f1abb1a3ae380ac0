/** Why a file is refused or could not be handled. */
export const MediaErrorCodes = {
  tooLarge: 'media_too_large',
  typeNotAllowed: 'media_type_not_allowed',
  scannerUnavailable: 'scanner_unavailable',
  fetchRefused: 'media_fetch_refused',
} as const;
export type MediaErrorCode = (typeof MediaErrorCodes)[keyof typeof MediaErrorCodes];

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MediaError';
  }
}

/** A file over the size limit, noticed while it streamed. */
export class MediaTooLargeError extends MediaError {
  constructor(readonly limitBytes: number) {
    super(MediaErrorCodes.tooLarge, `The file is larger than ${limitBytes} bytes`);
    this.name = 'MediaTooLargeError';
  }
}

/** A file whose bytes are of a type the channel does not accept (the declared type is not trusted). */
export class MediaTypeNotAllowedError extends MediaError {
  constructor(readonly contentType: string) {
    super(MediaErrorCodes.typeNotAllowed, `Files of type ${contentType} are not accepted`);
    this.name = 'MediaTypeNotAllowedError';
  }
}

/** clamd did not answer or timed out: nothing may go on unscanned, so the work is retried. */
export class ScannerUnavailableError extends MediaError {
  constructor(cause: unknown) {
    super(MediaErrorCodes.scannerUnavailable, 'The malware scanner is unavailable', { cause });
    this.name = 'ScannerUnavailableError';
  }
}

/** A URL attachment that may not be fetched, or whose fetch failed. */
export class MediaFetchRefusedError extends MediaError {
  constructor(readonly reason: string) {
    super(MediaErrorCodes.fetchRefused, `The attachment URL was refused: ${reason}`);
    this.name = 'MediaFetchRefusedError';
  }
}
