import type { ErrorRequestHandler } from 'express';

/** The Telnyx error codes the sandbox answers with, as Telnyx documents them. */
export const TelnyxErrorCodes = {
  missingParameter: '10004',
  notFound: '10005',
  unexpected: '10007',
  authenticationFailed: '10009',
  tooManyRequests: '10011',
  badRequest: '10015',
  invalidFrom: '40305',
  invalidTo: '40310',
} as const;
export type TelnyxErrorCode = (typeof TelnyxErrorCodes)[keyof typeof TelnyxErrorCodes];

/** One entry of Telnyx's `{"errors":[…]}` document. */
export interface TelnyxErrorItem {
  code: TelnyxErrorCode;
  title: string;
  detail: string;
  source?: { pointer: string };
  meta: { url: string };
}

const item = (
  code: TelnyxErrorCode,
  title: string,
  detail: string,
  pointer?: string,
): TelnyxErrorItem => ({
  code,
  title,
  detail,
  ...(pointer ? { source: { pointer } } : {}),
  meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` },
});

/** An error the sandbox reports the way Telnyx's v2 API would. */
export class TelnyxApiError extends Error {
  override readonly name = 'TelnyxApiError';
  constructor(
    readonly status: number,
    readonly errors: readonly TelnyxErrorItem[],
  ) {
    super(errors.map((e) => e.title).join('; '));
  }

  static unauthorized() {
    return new TelnyxApiError(401, [
      item(
        TelnyxErrorCodes.authenticationFailed,
        'Authentication failed',
        'The required authentication headers were either invalid or not included in the request.',
      ),
    ]);
  }

  static missing(parameter: string) {
    return new TelnyxApiError(400, [
      item(
        TelnyxErrorCodes.missingParameter,
        'Missing required parameter',
        `The '${parameter}' parameter is required.`,
        `/${parameter}`,
      ),
    ]);
  }

  static notFound(detail: string) {
    return new TelnyxApiError(404, [item(TelnyxErrorCodes.notFound, 'Resource not found', detail)]);
  }

  static invalid(code: TelnyxErrorCode, title: string, detail: string, parameter?: string) {
    return new TelnyxApiError(400, [item(code, title, detail, parameter && `/${parameter}`)]);
  }

  /**
   * The error Telnyx answers with for an injected fault's status. Any other 4xx is read as the
   * commonest permanent failure, an invalid recipient.
   */
  static forStatus(status: number): TelnyxApiError {
    if (status === 401) return TelnyxApiError.unauthorized();
    if (status === 429) {
      return new TelnyxApiError(429, [
        item(
          TelnyxErrorCodes.tooManyRequests,
          'Too many requests',
          'You have exceeded the maximum number of allowed requests.',
        ),
      ]);
    }
    if (status >= 500) {
      return new TelnyxApiError(status, [
        item(TelnyxErrorCodes.unexpected, 'Unexpected error', 'An unexpected error occured.'),
      ]);
    }
    return new TelnyxApiError(status, [
      item(
        TelnyxErrorCodes.invalidTo,
        "Invalid 'to' address",
        "The 'to' address should be a single valid number.",
        '/to',
      ),
    ]);
  }
}

interface BodyParserError {
  type?: string;
}

/** The one place the Telnyx routes map errors to responses; anything else goes on to problem+json. */
export const telnyxErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  const parserError = err as BodyParserError;
  const known =
    err instanceof TelnyxApiError
      ? err
      : parserError?.type === 'entity.parse.failed' || parserError?.type === 'entity.too.large'
        ? TelnyxApiError.invalid(
            TelnyxErrorCodes.badRequest,
            'Bad Request',
            'The request failed because it was not well-formed.',
          )
        : undefined;
  if (!known) {
    next(err);
    return;
  }
  res.status(known.status).json({ errors: known.errors });
};
