import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';

/** One entry of SendGrid's `{"errors":[…]}` document. */
export interface SendGridErrorItem {
  message: string;
  field: string | null;
  help: string | null;
}

/** An error the sandbox reports the way SendGrid's v3 API would. */
export class SendGridApiError extends Error {
  override readonly name = 'SendGridApiError';
  constructor(
    readonly status: number,
    readonly errors: readonly SendGridErrorItem[],
  ) {
    super(errors.map((e) => e.message).join('; '));
  }

  static unauthorized() {
    return new SendGridApiError(401, [
      {
        message: 'The provided authorization grant is invalid, expired, or revoked',
        field: null,
        help: null,
      },
    ]);
  }

  static badRequest(message = 'Bad Request') {
    return new SendGridApiError(400, [{ message, field: null, help: null }]);
  }

  /** The error SendGrid answers with for an injected fault's status. */
  static forStatus(status: number): SendGridApiError {
    if (status === 401) return SendGridApiError.unauthorized();
    if (status === 429) {
      return new SendGridApiError(429, [{ message: 'too many requests', field: null, help: null }]);
    }
    if (status === 400) {
      return new SendGridApiError(400, [
        {
          message: 'Does not contain a valid address.',
          field: 'personalizations.0.to.0.email',
          help: 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations',
        },
      ]);
    }
    const message = STATUS_CODES[status] ?? 'Error';
    return new SendGridApiError(status, [{ message, field: null, help: null }]);
  }
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * The one place the SendGrid routes map errors to responses. Body-parser failures are
 * answered in SendGrid's shape too, since the SDK reads `errors[]` from any 4xx.
 */
export const sendGridErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  const parserError = err as BodyParserError;
  const known =
    err instanceof SendGridApiError
      ? err
      : parserError?.type === 'entity.too.large'
        ? new SendGridApiError(413, [
            {
              message: 'The JSON payload you have included in your request is too large.',
              field: null,
              help: null,
            },
          ])
        : parserError?.type === 'entity.parse.failed'
          ? SendGridApiError.badRequest()
          : undefined;
  if (!known) {
    next(err);
    return;
  }
  res.status(known.status).json({ errors: known.errors });
};
