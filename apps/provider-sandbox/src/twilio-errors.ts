import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { FaultInjector } from './fault-injector';

/** The Twilio error codes the sandbox answers with, as Twilio documents them. */
export const TwilioErrorCodes = {
  authenticate: 20003,
  forbidden: 20403,
  notFound: 20404,
  tooManyRequests: 20429,
  internal: 20500,
  unavailable: 20503,
  invalidTo: 21211,
  invalidFrom: 21212,
  bodyRequired: 21602,
  fromRequired: 21603,
  toRequired: 21604,
  bodyTooLong: 21617,
  /** The Calls API's own: a call without `To`, without `From`, without usable instructions. */
  callToRequired: 21201,
  invalidUrl: 21205,
  callFromRequired: 21213,
  twimlTooLong: 32018,
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

  /**
   * The error Twilio answers with for an injected fault's status. Any other 4xx is read as
   * the commonest permanent failure, an invalid recipient (21211).
   */
  static forStatus(status: number): TwilioApiError {
    if (status === 401) return TwilioApiError.authenticate();
    if (status === 403) return new TwilioApiError(403, TwilioErrorCodes.forbidden, 'Forbidden');
    if (status === 404) {
      return new TwilioApiError(
        404,
        TwilioErrorCodes.notFound,
        'The requested resource was not found',
      );
    }
    if (status === 429) {
      return new TwilioApiError(429, TwilioErrorCodes.tooManyRequests, 'Too Many Requests');
    }
    if (status === 503) {
      return new TwilioApiError(503, TwilioErrorCodes.unavailable, 'Service Unavailable');
    }
    if (status >= 500) {
      return new TwilioApiError(status, TwilioErrorCodes.internal, 'Internal Server Error');
    }
    return new TwilioApiError(status, TwilioErrorCodes.invalidTo, "Invalid 'To' Phone Number");
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

/**
 * Faults of Twilio's create calls (Messages, Calls), aimed by the posted `To`: a recipient fault
 * hits only the sends and calls to that number.
 */
export function twilioFaultsByRecipient(faults: FaultInjector): RequestHandler {
  return faults.middleware('twilio', TwilioApiError.forStatus, (req) => {
    const to = (req.body as Record<string, unknown> | undefined)?.['To'];
    return typeof to === 'string' ? [to] : [];
  });
}
