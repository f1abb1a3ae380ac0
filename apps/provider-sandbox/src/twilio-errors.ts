import type { ErrorRequestHandler } from 'express';

/** The Twilio error codes the sandbox answers with, as Twilio documents them. */
export const TwilioErrorCodes = {
  authenticate: 20003,
  notFound: 20404,
  invalidTo: 21211,
  invalidFrom: 21212,
  bodyRequired: 21602,
  fromRequired: 21603,
  toRequired: 21604,
  bodyTooLong: 21617,
} as const;
export type TwilioErrorCode = (typeof TwilioErrorCodes)[keyof typeof TwilioErrorCodes];

/** Twilio's error document: what the SDK turns into a `RestException`. */
export interface TwilioErrorBody {
  code: TwilioErrorCode;
  message: string;
  more_info: string;
  status: number;
}

/** An error the sandbox reports the way Twilio's REST API would. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';
  constructor(
    readonly status: number,
    readonly code: TwilioErrorCode,
    message: string,
  ) {
    super(message);
  }

  static authenticate() {
    return new TwilioApiError(401, TwilioErrorCodes.authenticate, 'Authenticate');
  }

  toJSON(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

/** The one place the Twilio routes map errors to responses; anything else goes on to problem+json. */
export const twilioErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (!(err instanceof TwilioApiError)) {
    next(err);
    return;
  }
  if (err.status === 401) res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
  res.status(err.status).json(err.toJSON());
};
